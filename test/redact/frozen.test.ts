// The view approvers get: the built-in redaction, frozen as it copies. Same copy and spots as `redact`, and
// nothing in it left mutable.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { freezeCopy, snapshot } from "../../src/internal/snapshot.js";
import { redact, redactDecided, redactFrozen } from "../../src/redact/index.js";
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

// A decided value is what freezeCopy made of the input: frozen plain data, bytes aside.
const decided = value
  .filter((input) => snapshot(input, Number.MAX_SAFE_INTEGER).ok)
  .map((input) => freezeCopy(input, Number.MAX_SAFE_INTEGER));

/** Every object or array of `value`, the value itself included. */
function containers(value: unknown, into: object[] = []): object[] {
  if (typeof value !== "object" || value === null) return into;
  into.push(value);
  for (const item of Object.values(value)) containers(item, into);
  return into;
}

describe("redactDecided", () => {
  it("shows what redact shows, hides the same spots, and leaves nothing mutable", () => {
    fc.assert(
      fc.property(decided, (input) => {
        const view = redactDecided(input);
        expect(view).toEqual(redact(input));
        expect(everythingFrozen(view.value)).toBe(true);
        expect(Object.isFrozen(view.hidden) && view.hidden.every((spot) => Object.isFrozen(spot))).toBe(true);
      }),
      { numRuns },
    );
  });

  it("shows a decided value with nothing to hide as it is, and copies whatever holds a hidden value", () => {
    type Order = { order: unknown; account: { password: string } };
    const input = freezeCopy({ order: { id: "ord_1", lines: [{ sku: "a" }] }, account: { password: "hunter2" } }, 1e6);
    const original = input as Order;
    const { value, hidden } = redactDecided(input);
    const view = value as Order;
    expect(view).not.toBe(original);
    expect(view.order).toBe(original.order);
    expect(view.account).not.toBe(original.account);
    expect(view.account.password).toBe("[REDACTED:password]");
    expect(original.account.password).toBe("hunter2");
    expect(hidden).toEqual([{ path: "$.account.password", kind: "password" }]);
    const clean = freezeCopy({ a: [1, { b: "c" }] }, 1e6);
    expect(redactDecided(clean).value).toBe(clean);
  });

  it("copies a part that is not frozen, so a view never shares anything the caller can still change", () => {
    const mutable = { list: [{ a: "x" }], note: "hi" };
    const view = redactDecided(mutable).value as typeof mutable;
    const shared = new Set(containers(mutable));
    expect(containers(view).some((part) => shared.has(part))).toBe(false);
    expect(everythingFrozen(view)).toBe(true);
    mutable.list[0] = { a: "changed" };
    expect(view.list[0]).toEqual({ a: "x" });
  });

  it("turns bytes into text: a decided value holding bytes (which cannot be frozen) is copied around them", () => {
    const input = freezeCopy({ meta: { a: 1 }, blob: new TextEncoder().encode("hello") }, 1e6) as {
      meta: unknown;
      blob: Uint8Array;
    };
    const view = redactDecided(input).value as { meta: unknown; blob: unknown };
    expect(view.blob).toBe("hello");
    expect(view.meta).toBe(input.meta);
    expect(everythingFrozen(view)).toBe(true);
  });
});
