import { types } from "node:util";

/** How deep a decided value may nest. */
export const MAX_SNAPSHOT_DEPTH = 64;

/** Why a value is not plain data, and where (the path is built as the error unwinds: free when nothing fails). */
export class NotPlainData extends Error {
  readonly trail: (string | number)[] = [];
  readonly problem: string;

  constructor(problem: string) {
    super(problem);
    this.problem = problem;
  }

  /** `input.a[0].b: …` */
  describe(): string {
    const path = this.trail.reduceRight<string>(
      (at, key) => (typeof key === "number" ? `${at}[${key}]` : `${at}.${key}`),
      "input",
    );
    return `${path}: ${this.problem}`;
  }
}

/** The size left to spend while copying, and whether the copy holds bytes. */
interface Budget {
  left: number;
  bytes: boolean;
}

// Copies that hold a Uint8Array somewhere: the only decided values that can change after they were taken.
const withBytes = new WeakSet<object>();

/**
 * True when a value {@link freezeCopy} made holds a `Uint8Array` (copied, but typed arrays cannot be frozen, so
 * whoever holds the value can still change its bytes). Every other copy is frozen through and through.
 */
export const holdsBytes = (value: unknown): boolean =>
  typeof value === "object" && value !== null && withBytes.has(value);

/**
 * Copies a value into frozen plain data: JSON values and `Uint8Array` (copied; typed arrays cannot be frozen).
 * Every property is read once — a getter runs once, a Proxy's traps run once — and never again: the copy is
 * what the policy, the approvers, the audit and the tool all see. Only own enumerable string keys are kept
 * (enumerable symbol keys are read once with the rest, then dropped; non-enumerable keys are never read); `undefined` properties are dropped; `-0`
 * becomes `0`. Anything without a faithful JSON form — a Map, a Set, a Date, a class instance, a function, a
 * BigInt, a non-finite number, `undefined` in an array, a cycle — is refused, as is a value over `maxBytes`
 * (its JSON size, roughly; a `Uint8Array` by its real size, whatever it says) or nested more than 64 levels: a
 * {@link NotPlainData} error is thrown. A getter or trap that throws is refused the same way, as is an array when a
 * polluted prototype holds an accessor for one of its indices.
 */
export function freezeCopy(value: unknown, maxBytes: number): unknown {
  if (value === undefined) return undefined;
  try {
    const budget = { left: maxBytes, bytes: false };
    const copy = take(value, 0, budget);
    if (budget.bytes) withBytes.add(copy as object);
    return copy;
  } catch (error) {
    if (error instanceof NotPlainData) throw error;
    throw new NotPlainData(`could not be read (${(error as Error)?.message ?? String(error)})`);
  }
}

/**
 * {@link freezeCopy} as a result: the copy, or the reason (with its path) it is not plain data.
 *
 * @example
 * ```ts
 * const taken = snapshot({ a: 1 }, 1_024); // { ok: true, value: { a: 1 } }
 * ```
 */
export function snapshot(
  value: unknown,
  maxBytes: number,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: freezeCopy(value, maxBytes) };
  } catch (error) {
    return { ok: false, problem: (error as NotPlainData).describe() };
  }
}

const POLLUTED = "could not be copied: a prototype of arrays has an accessor for this index (a polluted prototype)";
// Read through the intrinsic getter: an own `byteLength` property on the array could claim any size.
const byteLengthOf = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), "byteLength")
  ?.get as (this: Uint8Array) => number;

function spend(budget: Budget, bytes: number): void {
  budget.left -= bytes;
  if (budget.left < 0) throw new NotPlainData("the input is larger than the tool's limit");
}

function take(value: unknown, depth: number, budget: Budget): unknown {
  switch (typeof value) {
    case "string":
      spend(budget, value.length + 2);
      return value;
    case "number":
      if (!Number.isFinite(value)) throw new NotPlainData(`${value} is not a JSON number`);
      spend(budget, 8);
      return value === 0 ? 0 : value;
    case "boolean":
      spend(budget, 5);
      return value;
    case "object":
      if (value === null) {
        spend(budget, 4);
        return null;
      }
      if (depth >= MAX_SNAPSHOT_DEPTH)
        throw new NotPlainData(`nested more than ${MAX_SNAPSHOT_DEPTH} levels (or a cycle)`);
      return takeObject(value, depth, budget);
    default:
      throw new NotPlainData(`a ${typeof value} has no JSON form`);
  }
}

function takeObject(value: object, depth: number, budget: Budget): unknown {
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return takeRecord(value, depth, budget);
  if (Array.isArray(value)) return takeArray(value, depth, budget);
  if (types.isUint8Array(value) && !types.isProxy(value)) {
    spend(budget, byteLengthOf.call(value) * 2);
    budget.bytes = true;
    return new Uint8Array(value as Uint8Array);
  }
  const kind = (proto?.constructor as { name?: string } | undefined)?.name || "non-plain object";
  throw new NotPlainData(`a ${kind} is not plain data; pass JSON values (objects, arrays, strings, numbers)`);
}

/** Adds `key` to the path of a failure below it. */
function within(error: unknown, key: string | number): never {
  if (error instanceof NotPlainData) error.trail.push(key);
  throw error;
}

function takeArray(value: readonly unknown[], depth: number, budget: Budget): unknown {
  const length = value.length;
  spend(budget, length + 2);
  const copy: unknown[] = [];
  for (let index = 0; index < length; index++) {
    try {
      const item = value[index];
      if (item === undefined) throw new NotPlainData("undefined in an array has no JSON form");
      copy[index] = take(item, depth + 1, budget);
      // An accessor for this index on a polluted prototype takes the write (the copy would read its getter).
      if (copy.length === index) throw new NotPlainData(POLLUTED);
    } catch (error) {
      within(error, index);
    }
  }
  return Object.freeze(copy);
}

function takeRecord(value: object, depth: number, budget: Budget): unknown {
  // The engine's own object clone reads every own enumerable property once (a getter runs once, a Proxy's traps
  // once: symbol keys included, then dropped) and is several times cheaper than a loop of reads. Only the copy is
  // read from here on; `__proto__` comes over as an own data key.
  const copy: Record<string, unknown> = { ...value };
  spend(budget, 2);
  let exact = true;
  for (const key of Object.keys(copy)) {
    try {
      // NUL in a key is refused: it is how the canonical form spells bytes, and no real field name has one.
      if (key.includes("\u0000")) throw new NotPlainData("a key with a NUL character is not allowed");
      const item = copy[key];
      if (item === undefined) {
        exact = false;
        continue;
      }
      spend(budget, key.length + 3);
      const taken = take(item, depth + 1, budget);
      // -0 is taken as 0, and 0 === -0: compared as values, not by ===.
      if (!Object.is(taken, item)) copy[key] = taken;
    } catch (error) {
      within(error, key);
    }
  }
  return Object.freeze(exact && Object.getOwnPropertySymbols(copy).length === 0 ? copy : stringKeyed(copy));
}

/** The copy without its symbol keys and `undefined` properties (as JSON has them), its values already taken. */
function stringKeyed(copy: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(copy)) {
    const item = copy[key];
    if (item === undefined) continue;
    // Defined, not assigned: "__proto__" would set the prototype, and an accessor a polluted Object.prototype
    // holds for the key would take the value (the copy would then read its getter).
    Object.defineProperty(kept, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return kept;
}
