// Case-insensitive file systems do not compare names by `toLowerCase`. APFS and ext4's casefold compare by
// Unicode full case folding (CaseFolding.txt, C and F) of canonically decomposed names, so `ß` is `ss`, final
// `ς` is `σ`, `ﬁ` is `fi` and `ſ` is `s`, and `e\u0301` is `é`; NTFS and ZFS upper-case each character (their
// upcase table), so dotless `ı` is `I`, as `i` is. Each was a way past a deny: read case-folded by
// `toLowerCase` alone the names differ, and the readings that do equate them (NFKC) also read `．．` as `..`,
// which takes the path out of the base that such a file system opens it in.
import { describe, expect, it } from "vitest";
import { allowIn, decide, denyIn } from "./within-policies.js";

describe("within reads names as case-insensitive file systems fold them", () => {
  it.each([
    ["/data/straße", "/data/STRASSE/x"],
    ["/data/straße", "/data/strasse"],
    ["/data/strasse", "/data/STRAẞE/x"],
    ["/data/strasse", "/data/ＳＴＲＡẞＥ/x"], // normalised (NFKC), then folded in full
    ["/data/ΟΔΟΣ", "/data/οδοσ/x"], // toLowerCase writes the base's last Σ as final ς
    ["/data/οδοσ", "/data/ΟΔΟΣ/x"],
    ["/data/ΟΔΟΣ", "/data/οδοσ/．．/x"],
    ["/data/file", "/data/ﬁle/．．/．．/x"],
    ["/data/secret", "/data/ſecret/．．/．．/x"],
    ["/data/key", "/data/\u212aey/．．/．．/x"], // Kelvin sign
    ["/data/config", "/data/confıg/．．/．．/x"], // dotless ı: NTFS upper-cases it to I
    ["/data/café", "/data/cafe\u0301/．．/．．/x"], // decomposed, as HFS+ and APFS store names
    ["/data/cafe\u0301", "/data/café/．．/．．/x"],
    ["/data/CAFÉ", "/data/cafe\u0301/．．/x"],
  ])("a deny within %j applies to %j", (base, path) => {
    expect(decide(denyIn(base), path)).toMatchObject({ effect: "deny", rule: "out" });
  });

  it.each([
    ["/data/straße", "/data/strassen/x"],
    ["/data/config", "/data/confíg/x"],
    ["/data/café", "/data/cafe/x"],
  ])("a deny within %j does not apply to %j, which no fold makes the same name", (base, path) => {
    expect(decide(denyIn(base), path)).toMatchObject({ effect: "allow", rule: "all" });
  });

  it("an allow is not widened: it still needs the path inside as written", () => {
    expect(decide(allowIn("/data/straße"), "/data/STRASSE/x")).toMatchObject({ rule: "default-deny" });
    expect(decide(allowIn("/data/straße"), "/data/straße/x")).toMatchObject({ effect: "allow", rule: "in" });
    expect(decide(allowIn("/data"), "/data/ﬁle/．．/．．/etc")).toMatchObject({ rule: "default-deny" });
    expect(decide(allowIn("/data"), "/data/ſ/ß/ı/\u212a/cafe\u0301")).toMatchObject({ effect: "allow", rule: "in" });
  });
});
