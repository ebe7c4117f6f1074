import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/internal/canonical.js";
import { freezeCopy } from "../../src/internal/snapshot.js";

const RUNS = process.env.CI ? 10_000 : 1_000;

// Keys and strings as an attacker would write them: any code unit, lone surrogates, quotes, controls.
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("\ud800", "a\udc00b", '"', "\\", "\u0000", "\u001f", "\u2028", "😀", "__proto__", "é"),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    text,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    // A decided value has no key with NUL (the snapshot refuses them: NUL spells bytes in this form).
    fc.dictionary(
      text.filter((key) => !key.includes("\u0000")),
      tie("value"),
      { maxKeys: 20 },
    ),
  ),
})).value;

// The plain writer: JSON.stringify for every key and scalar, keys sorted by Array#sort. Hashes recorded before must
// still match, so the fast writer must agree with it everywhere (RFC 8785 itself refuses lone surrogates).
function plainWriter(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(plainWriter).join(",")}]`;
  const record = value as Record<string, unknown>;
  const fields = Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${plainWriter(record[key])}`);
  return `{${fields.join(",")}}`;
}

const wellFormed = (value: unknown) => !/\\u[dD][89abAB]|\\u[dD][c-fC-F]/.test(plainWriter(value));

describe("canonicalJson (the argsHash's text)", () => {
  it("writes what the plain writer writes (RFC 8785 for well-formed text), for any JSON value", () => {
    fc.assert(
      fc.property(json, (value) => {
        const decided = freezeCopy(value, Number.MAX_SAFE_INTEGER);
        const text = canonicalJson(decided);
        expect(text).toBe(plainWriter(decided));
        if (wellFormed(decided)) expect(text).toBe(canonicalize(decided));
      }),
      { numRuns: RUNS },
    );
  });

  it("escapes what JSON escapes in keys and strings, and sorts keys by code unit", () => {
    const value = freezeCopy({ b: 'q"\\\n', a: "\ud800", "😀": 1, "\uffff": 2, Z: [true, null] }, 1_000);
    expect(canonicalJson(value)).toBe('{"Z":[true,null],"a":"\\ud800","b":"q\\"\\\\\\n","😀":1,"\uffff":2}');
  });
});
