import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PrefixBuckets } from "../../src/policy/prefix-buckets.js";

const numRuns = process.env.CI ? 10_000 : 1_000;
// Few characters, separators among them, so keys share parts and names often start with several keys.
const text = fc.string({ unit: fc.constantFrom("a", "b", "1", ".", "-", "/", "A", "é"), maxLength: 8 });

describe("PrefixBuckets", () => {
  it("finds exactly the values whose keys start the name, with few parts (compared in turn) and many (by map)", () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), fc.array(text, { minLength: 1, maxLength: 10 }), (keys, names) => {
        const buckets = new PrefixBuckets<number>();
        keys.forEach((key, i) => {
          buckets.insert(key, i);
        });
        buckets.seal();
        for (const name of names) {
          const out: number[] = [];
          const count = buckets.collect(name, out, 0);
          const expected = keys.flatMap((key, i) => (name.startsWith(key) ? [i] : []));
          expect(out.slice(0, count).sort((a, b) => a - b)).toEqual(expected);
        }
      }),
      { numRuns },
    );
  }, 60_000);

  it("writes after what is already in the list and finds the empty key for every name", () => {
    const buckets = new PrefixBuckets<string>();
    for (const key of ["", "svc-1.", "svc-1.a", "svc-2.", "crm"]) buckets.insert(key, `v:${key}`);
    buckets.seal();
    const out = ["kept"];
    const count = buckets.collect("svc-1.admin", out, 1);
    expect(out.slice(0, count).sort()).toEqual(["kept", "v:", "v:svc-1.", "v:svc-1.a"]);
    expect(buckets.collect("other", out, 0)).toBe(1);
    expect(out[0]).toBe("v:");
  });
});
