// Found by the `within` property test at 10,000 cases (seed -42640632): a deny `within: /data` let `/Data/．．/x`
// through. As written it is not in `/data` (case), and read loosely its full-width dots become `..` and resolve
// out; but a case-insensitive file system that does not normalise (NTFS, APFS) opens `/data/．．/x`, a folder named
// `．．` inside the denied base. Case folded alone is a reading of its own: a deny applies when any reading puts the
// path inside, an allow only when every reading does.
import { describe, expect, it } from "vitest";
import { definePolicy } from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";

const denyData = definePolicy({
  rules: [
    { id: "all", tools: ["fs.*"], effect: "allow" },
    { id: "out", tools: ["fs.*"], effect: "deny", when: { path: { within: "/data" } } },
  ],
});
const allowData = definePolicy({
  rules: [{ id: "in", tools: ["fs.*"], effect: "allow", when: { path: { within: "/DATA" } } }],
});
const decide = (policy: typeof denyData, path: string) => evaluate(policy.compiled, "bot", "fs.read", "low", { path });

describe("within read case-folded alone", () => {
  it.each(["/Data/．．/x", "//Data/．．/", "/DATA/．．", "/dAtA/．．/．．/etc"])(
    "a deny within /data applies to %j",
    (path) => {
      expect(decide(denyData, path)).toMatchObject({ effect: "deny", rule: "out" });
    },
  );

  it("an allow within /DATA does not apply to /DATA/．．/etc (the loose reading leaves it), nor to a look-alike", () => {
    expect(decide(allowData, "/DATA/．．/etc")).toMatchObject({ effect: "deny", rule: "default-deny" });
    expect(decide(allowData, "/DATA/report.txt")).toMatchObject({ effect: "allow", rule: "in" });
  });
});
