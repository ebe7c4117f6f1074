// The snapshot clones a record with the engine's spread, then reads only the clone. Against the previous loop of
// reads (the reference): the same frozen copy or the same refusal, every string-keyed property read once, for
// values no JSON parser makes — getters, symbol keys, `__proto__`, `undefined`, -0, Proxies, class instances.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { freezeCopy, type NotPlainData } from "../../src/internal/snapshot.js";
import { type ReferenceNotPlainData, referenceFreezeCopy } from "./snapshot-reference.js";

const RUNS = process.env.CI ? 10_000 : 1_000;

type Spec =
  | { t: "json"; v: unknown }
  | { t: "neg0" }
  | { t: "bad"; which: "fn" | "date" | "map" | "bigint" | "nan" | "class" }
  | { t: "throwing" }
  | { t: "arr"; items: Spec[] }
  | { t: "obj"; nullProto: boolean; proxy: boolean; entries: Entry[] };
type Entry = { key: string; how: "data" | "getter" | "symbol" | "symbolGetter" | "hidden" | "undef"; child: Spec };

const keyArb = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constantFrom("__proto__", "constructor", "a", "0", "10", "\u0000"),
);
const specArb = fc.letrec<{ spec: Spec }>((tie) => ({
  spec: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ t: fc.constant("json" as const), v: fc.jsonValue({ maxDepth: 2 }) }),
    fc.constant({ t: "neg0" as const }),
    fc.record({
      t: fc.constant("bad" as const),
      which: fc.constantFrom("fn", "date", "map", "bigint", "nan", "class"),
    }),
    fc.constant({ t: "throwing" as const }),
    fc.record({ t: fc.constant("arr" as const), items: fc.array(tie("spec"), { maxLength: 3 }) }),
    fc.record({
      t: fc.constant("obj" as const),
      nullProto: fc.boolean(),
      proxy: fc.boolean(),
      entries: fc.array(
        fc.record({
          key: keyArb,
          how: fc.constantFrom("data", "getter", "symbol", "symbolGetter", "hidden", "undef"),
          child: tie("spec"),
        }),
        { maxLength: 4 },
      ),
    }),
  ),
})).spec;

class Instance {
  readonly field = 1;
}

/** A fresh value from its spec; `reads` logs each read of a string-keyed getter or Proxy `get`. */
function build(spec: Spec, reads: string[]): unknown {
  switch (spec.t) {
    case "json":
      return spec.v;
    case "neg0":
      return -0;
    case "throwing":
      return Object.defineProperty({}, "boom", {
        enumerable: true,
        get: () => {
          throw new Error("trap");
        },
      });
    case "bad":
      return { fn: () => 1, date: new Date(0), map: new Map(), bigint: 1n, nan: Number.NaN, class: new Instance() }[
        spec.which
      ];
    case "arr":
      return spec.items.map((item) => build(item, reads));
    case "obj": {
      const target: Record<PropertyKey, unknown> = spec.nullProto ? Object.create(null) : {};
      for (const { key, how, child } of spec.entries) {
        const value = build(child, reads);
        if (how === "data") Object.defineProperty(target, key, { value, enumerable: true, configurable: true });
        if (how === "undef")
          Object.defineProperty(target, key, { value: undefined, enumerable: true, configurable: true });
        if (how === "hidden") Object.defineProperty(target, key, { value, enumerable: false, configurable: true });
        if (how === "symbol") target[Symbol(key)] = value;
        if (how === "symbolGetter") Object.defineProperty(target, Symbol(key), { get: () => value, enumerable: true });
        if (how === "getter") {
          Object.defineProperty(target, key, {
            enumerable: true,
            configurable: true,
            get: () => {
              reads.push(`get ${key}`);
              return value;
            },
          });
        }
      }
      if (!spec.proxy) return target;
      return new Proxy(target, {
        get: (object, key, receiver) => {
          if (typeof key === "string") reads.push(`proxy ${key}`);
          return Reflect.get(object, key, receiver);
        },
      });
    }
  }
}

const hasThrowing = (spec: Spec): boolean =>
  spec.t === "throwing" ||
  (spec.t === "arr" && spec.items.some(hasThrowing)) ||
  (spec.t === "obj" && spec.entries.some((entry) => hasThrowing(entry.child)));

type Outcome = { ok: true; value: unknown } | { ok: false; problem: string };
function outcome(copy: (value: unknown, max: number) => unknown, value: unknown, max: number): Outcome {
  try {
    return { ok: true, value: copy(value, max) };
  } catch (error) {
    return { ok: false, problem: (error as NotPlainData | ReferenceNotPlainData).describe() };
  }
}

/** Same prototypes, same own keys in the same order, same values (-0 apart from 0): what toStrictEqual means, without
 * its reading of a `constructor` key. */
function sameData(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Uint8Array) return b instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b));
  const [keysA, keysB] = [Reflect.ownKeys(a), Reflect.ownKeys(b)];
  return (
    keysA.length === keysB.length &&
    keysA.every((key, index) => key === keysB[index] && sameData(Reflect.get(a, key), Reflect.get(b, key)))
  );
}

function deeplyFrozen(value: unknown): boolean {
  if (typeof value !== "object" || value === null || value instanceof Uint8Array) return true;
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen);
}

describe("freezeCopy clones records with the spread", () => {
  it("copies and refuses as the previous loop of reads did, reading each string-keyed property once", () => {
    fc.assert(
      fc.property(specArb, fc.constantFrom(64, 1_000_000), (spec, max) => {
        const ownReads: string[] = [];
        const referenceReads: string[] = [];
        const own = outcome(freezeCopy, build(spec, ownReads), max);
        const reference = outcome(referenceFreezeCopy, build(spec, referenceReads), max);
        expect(own.ok).toBe(reference.ok);
        if (own.ok && reference.ok) {
          expect(sameData(own.value, reference.value)).toBe(true);
          expect(deeplyFrozen(own.value)).toBe(true);
          expect(Reflect.ownKeys(Object(own.value)).every((key) => typeof key === "string")).toBe(true);
          expect([...ownReads].sort()).toEqual([...referenceReads].sort());
        } else if (!hasThrowing(spec) && max > 64) {
          // A getter that throws is read sooner by the clone, so which refusal comes first can differ.
          expect(own).toEqual(reference);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps `__proto__` an own key, drops symbol keys and undefined, turns -0 into 0", () => {
    const value = JSON.parse('{"__proto__":{"polluted":true},"b":1}') as Record<string, unknown>;
    Object.assign(value, { [Symbol("s")]: 2, gone: undefined, zero: -0 });
    const copy = freezeCopy(value, 1_000) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(["__proto__", "b", "zero"]);
    expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
    expect(Object.is(copy.zero, 0)).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
