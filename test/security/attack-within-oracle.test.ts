// Found by the within property test's oracle: values the readings missed.
import { describe, expect, it } from "vitest";
import { allowIn, decide, denyIn } from "./within-policies.js";

// NFKC_Casefold maps each character of the NFD form (default-ignorables to nothing) and then normalises the
// whole again, so marks an invisible stood between are put in canonical order: `a\u0301\u200b\u0323` is
// `ạ́` to an application comparing names that way. The reading dropped the invisible after normalising and
// left the marks as they were, so a deny within /data/ạ́ did not apply.
describe("within reads NFKC_Casefold with the marks an invisible split put in order", () => {
  it.each([
    ["/data/\u1ea1\u0301", "/data/a\u0301\u200b\u0323"],
    ["/data/\u1ea1\u0301", "/data/A\u0301\u00ad\u0323/x"],
    ["/data/\u1ec7", "/data/e\u0302\u200d\u0323"], // ệ: circumflex, then dot below
    ["/data/q\u0323\u0307", "/data/Q\u0307\u2060\u0323"],
  ])("a deny within %j applies to %j", (base, path) => {
    expect(decide(denyIn(base), path)).toMatchObject({ effect: "deny", rule: "out" });
  });

  it("marks written in canonical order around the invisible read as before", () => {
    expect(decide(denyIn("/data/\u1ea1\u0301"), "/data/a\u0323\u200b\u0301")).toMatchObject({ rule: "out" });
    expect(decide(allowIn("/data"), "/data/a\u0301\u200b\u0323")).toMatchObject({ effect: "allow", rule: "in" });
  });

  // Dropping the invisibles before normalising again must not bring back the quadratic run.
  it("a run of marks split by invisibles is as undecided as one that is not", () => {
    const split = `/data/e${"\u0301\u200b".repeat(20_000)}${"\u0316\u200b".repeat(20_000)}`;
    const started = performance.now();
    const decision = decide(denyIn("/data/secret"), split);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(decision).toMatchObject({ effect: "deny", rule: "out" });
    expect(decide(allowIn("/data"), `/data/e${"\u0301\u200b".repeat(31)}`)).toMatchObject({ effect: "deny" });
  });
});

// A base is refused when Win32 reads a name of it otherwise, but only as written: folded, `conın$` is `CONIN$`
// to NTFS's upcase table and `ｃｏｎ` is `con` once normalised, so every value naming such a base was undecided
// and an allow within it never applied. Found by the property on bases.
describe("a base a fold makes a device is refused at load", () => {
  it.each(["/data/conın$", "/data/ｃｏｎ", "/data/ｎｕｌ.txt", "/data/ＣＯＭ１/x"])("%j is refused", (base) => {
    expect(() => allowIn(base)).toThrow(/Win32 reads as another or as a device/);
  });

  it.each(["/data/cons", "/data/ｃｏｎｓ", "/data/straße", "/data/\u1ea1\u0301"])(
    "%j loads and is inside itself",
    (base) => {
      expect(decide(allowIn(base), `${base}/x`)).toMatchObject({ effect: "allow", rule: "in" });
    },
  );
});
