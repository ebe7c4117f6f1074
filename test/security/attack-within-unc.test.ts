// A path that starts with exactly two slashes is implementation-defined on POSIX (IEEE Std 1003.1, 4.13
// Pathname Resolution) and a UNC share on Windows, Cygwin and SMB clients: `//data/x` is share `x` on a host
// named `data`. Node's `path.posix.resolve` collapses it to `/data/x`, so an allow within /data let the host
// through; and a deny within /data must still stop it, since a POSIX tool opens /data/x. Such a value is
// undecided, whether written, decoded or folded that way; three or more slashes are one slash (POSIX).
import { describe, expect, it } from "vitest";
import { definePolicy } from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";

const allowData = definePolicy({
  rules: [{ id: "in", tools: ["fs.*"], effect: "allow", when: { path: { within: "/data" } } }],
});
const denyData = definePolicy({
  rules: [
    { id: "all", tools: ["fs.*"], effect: "allow" },
    { id: "out", tools: ["fs.*"], effect: "deny", when: { path: { within: "/data" } } },
  ],
});
const decide = (policy: typeof allowData, path: string) => evaluate(policy.compiled, "bot", "fs.read", "low", { path });

const UNC = [
  "//data/x",
  "//data/",
  "//data",
  "//evil/data/x",
  "//evil/../data/x",
  "//DATA/x",
  "/\uff0fdata/x", // a full-width solidus: `//data/x` once normalised (NFKC)
  "/%EF%BC%8Fdata/x", // the same, percent-encoded: decoded, then normalised
  "/\u200b/data/x", // an invisible character: `//data/x` once dropped (the loose reading)
];

describe("a leading // (a UNC share) is undecided", () => {
  it.each(UNC)("an allow within /data does not apply to %j", (path) => {
    expect(decide(allowData, path)).toMatchObject({ effect: "deny", rule: "default-deny" });
  });

  it.each(UNC)("a deny within /data applies to %j", (path) => {
    expect(decide(denyData, path)).toMatchObject({ effect: "deny", rule: "out" });
  });

  it("three or more slashes are one slash, and // inside a path is one slash", () => {
    for (const path of ["///data/x", "////data/x", "/data//x"]) {
      expect(decide(allowData, path), path).toMatchObject({ effect: "allow", rule: "in" });
      expect(decide(denyData, path), path).toMatchObject({ effect: "deny", rule: "out" });
    }
    expect(decide(denyData, "///etc/x")).toMatchObject({ effect: "allow", rule: "all" });
  });
});
