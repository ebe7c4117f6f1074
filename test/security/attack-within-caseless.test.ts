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

// Found by the same property test in CI (seed -1741963099): a deny `within: /data/a` let `//data/%41/` through.
// The case was folded before the value was decoded, so `%41` stayed `%41`; a tool that decodes it on a
// case-insensitive file system opens `/data/A`, which is `/data/a`. Each reading now folds a spelling after it
// is decoded (and decodes the folded value too).
describe("within folds each spelling after decoding it", () => {
  const denyIn = (base: string) =>
    definePolicy({
      rules: [
        { id: "all", tools: ["fs.*"], effect: "allow" },
        { id: "out", tools: ["fs.*"], effect: "deny", when: { path: { within: base } } },
      ],
    });
  const allowIn = (base: string) =>
    definePolicy({ rules: [{ id: "in", tools: ["fs.*"], effect: "allow", when: { path: { within: base } } }] });

  it.each([
    ["/data/a", "//data/%41/"],
    ["/data/a", "/data/%41/secret"],
    ["/data", "/%44ata/x"],
    ["/data/a", "/data/%2541/x"],
    ["/etc", "/%45TC/passwd"],
  ])("a deny within %j applies to %j", (base, path) => {
    expect(decide(denyIn(base), path)).toMatchObject({ effect: "deny", rule: "out" });
  });

  it.each(["/data/%EF%BC%8E%EF%BC%8E/etc/passwd", "/data/x/%EF%BC%8E%EF%BC%8E/%EF%BC%8E%EF%BC%8E/etc"])(
    "an allow within /data does not apply to %j (decoded, then normalised, its dots leave the base)",
    (path) => {
      expect(decide(allowIn("/data"), path)).toMatchObject({ effect: "deny", rule: "default-deny" });
    },
  );

  it("still allows what every reading puts inside, and still denies nothing outside", () => {
    expect(decide(allowIn("/data"), "/data/%41/report.txt")).toMatchObject({ effect: "allow", rule: "in" });
    expect(decide(denyIn("/data/a"), "/data/%42/x")).toMatchObject({ effect: "allow", rule: "all" });
  });
});

// Found by the within property test at 400,000 cases once its oracle read each spelling NFKC-normalised too
// (seed -1431385539): the loose reading merged normalising and folding look-alikes into one, so `∕` (U+2215)
// became `/` there and nowhere else. An application that applies NFKC alone opens `/data/．．/∕/data/` as `/∕/data`.
// Each combination of folds is now a reading of its own.
describe("within reads normalised, case folded, both, and loosely, each on its own", () => {
  const policy = (effect: "allow" | "deny") =>
    definePolicy({
      rules: [
        ...(effect === "deny" ? [{ id: "all", tools: ["fs.*"], effect: "allow" as const }] : []),
        { id: "rule", tools: ["fs.*"], effect, when: { path: { within: "/data" } } },
      ],
    });

  it("an allow within /data does not apply to /data/．．/∕/data/ (NFKC alone leaves the base)", () => {
    expect(decide(policy("allow"), "/data/．．/∕/data/")).toMatchObject({ effect: "deny", rule: "default-deny" });
    expect(decide(policy("allow"), "/data/ｒｅｐｏｒｔ.txt")).toMatchObject({ effect: "allow", rule: "rule" });
  });

  it("a deny within /data applies to /ＤＡＴＡ/∕../x (normalised and case folded, a folder named ∕.. inside it)", () => {
    expect(decide(policy("deny"), "/ＤＡＴＡ/∕../x")).toMatchObject({ effect: "deny", rule: "rule" });
    expect(decide(policy("deny"), "/ＥＴＣ/∕../x")).toMatchObject({ effect: "allow", rule: "all" });
  });
});
