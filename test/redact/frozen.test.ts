// The view approvers get: the built-in redaction, frozen as it copies. Same copy and spots as `redact`, and
// nothing in it left mutable.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redact, redactFrozen } from "../../src/redact/index.js";
import { SECRETS } from "../fixtures/secrets.js";

const numRuns = process.env.CI ? 10_000 : 1_000;

function everythingFrozen(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(everythingFrozen);
}

const secretish = fc.constantFrom(...SECRETS.map((sample) => sample.text));
const text = fc.oneof(
  fc.string(),
  secretish,
  fc.tuple(fc.string(), secretish).map(([a, b]) => `${a} ${b}`),
);
const key = fc.oneof(fc.string(), fc.constantFrom("password", "apiKey", "x-api-key", "token_count", "__proto__"));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small" }, text, fc.double(), fc.integer(), fc.boolean(), tie("list"), tie("record")),
  list: fc.array(tie("node"), { maxLength: 4 }),
  record: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
})).node;

describe("redactFrozen", () => {
  it("shows what redact shows, and hides the same spots", () => {
    fc.assert(
      fc.property(value, (input) => {
        const frozen = redactFrozen(input);
        expect(frozen).toEqual(redact(input));
        expect(everythingFrozen(frozen.value)).toBe(true);
        expect(Object.isFrozen(frozen.hidden) && frozen.hidden.every((spot) => Object.isFrozen(spot))).toBe(true);
      }),
      { numRuns },
    );
  });

  it("never freezes the input it copies", () => {
    const input = { nested: { password: "hunter2" }, list: [{ a: 1 }] };
    redactFrozen(input);
    expect(Object.isFrozen(input) || Object.isFrozen(input.nested) || Object.isFrozen(input.list[0])).toBe(false);
  });
});
