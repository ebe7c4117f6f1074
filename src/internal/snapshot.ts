import { types } from "node:util";

/** How deep a decided value may nest. */
export const MAX_SNAPSHOT_DEPTH = 64;

/** What a snapshot found: the frozen copy, or why the value is not plain data. */
export type Snapshot = { ok: true; value: unknown; bytes: number } | { ok: false; problem: string };

class NotPlain extends Error {}

/**
 * Copies a value into frozen plain data: JSON values and `Uint8Array` (copied; typed arrays cannot be frozen).
 * Every property is read once — a getter runs once, a Proxy's traps run once — and never again: the copy is
 * what the policy, the approvers, the audit and the tool all see. Only own enumerable string keys are kept
 * (symbol and non-enumerable keys are dropped, as JSON drops them); `undefined` properties are dropped; `-0`
 * becomes `0`. Anything without a faithful JSON form — a Map, a Set, a Date, a class instance, a function, a
 * BigInt, a non-finite number, `undefined` in an array, a cycle — is refused, as is a value over `maxBytes`
 * (its JSON size, roughly) or nested more than 64 levels.
 */
export function snapshot(value: unknown, maxBytes: number): Snapshot {
  const budget = { left: maxBytes };
  try {
    const copy = value === undefined ? undefined : take(value, "input", 0, budget);
    return { ok: true, value: copy, bytes: maxBytes - budget.left };
  } catch (error) {
    if (error instanceof NotPlain) return { ok: false, problem: error.message };
    // A getter or a Proxy trap threw, or the stack ran out: the value cannot be read as plain data.
    return { ok: false, problem: `input could not be read (${(error as Error)?.message ?? String(error)})` };
  }
}

function spend(budget: { left: number }, bytes: number, path: string): void {
  budget.left -= bytes;
  if (budget.left < 0) throw new NotPlain(`${path}: the input is larger than the tool's limit`);
}

function take(value: unknown, path: string, depth: number, budget: { left: number }): unknown {
  switch (typeof value) {
    case "string":
      spend(budget, value.length + 2, path);
      return value;
    case "number":
      if (!Number.isFinite(value)) throw new NotPlain(`${path}: ${value} is not a JSON number`);
      spend(budget, 8, path);
      return value === 0 ? 0 : value;
    case "boolean":
      spend(budget, 5, path);
      return value;
    case "object":
      if (value === null) {
        spend(budget, 4, path);
        return null;
      }
      if (depth >= MAX_SNAPSHOT_DEPTH)
        throw new NotPlain(`${path}: nested more than ${MAX_SNAPSHOT_DEPTH} levels (or a cycle)`);
      return takeObject(value, path, depth, budget);
    default:
      throw new NotPlain(`${path}: a ${typeof value} has no JSON form`);
  }
}

function takeObject(value: object, path: string, depth: number, budget: { left: number }): unknown {
  if (Array.isArray(value)) {
    const length = value.length;
    spend(budget, length + 2, path);
    const copy = new Array(length);
    for (let index = 0; index < length; index++) {
      const item = value[index];
      if (item === undefined) throw new NotPlain(`${path}[${index}]: undefined in an array has no JSON form`);
      copy[index] = take(item, `${path}[${index}]`, depth + 1, budget);
    }
    return Object.freeze(copy);
  }
  if (types.isUint8Array(value) && !types.isProxy(value)) {
    spend(budget, value.byteLength * 2, path);
    return new Uint8Array(value as Uint8Array);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const kind = (proto?.constructor as { name?: string } | undefined)?.name || "non-plain object";
    throw new NotPlain(`${path}: a ${kind} is not plain data; pass JSON values (objects, arrays, strings, numbers)`);
  }
  const copy: Record<string, unknown> = {};
  spend(budget, 2, path);
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const at = `${path}.${key}`;
    spend(budget, key.length + 3, at);
    const taken = take(item, at, depth + 1, budget);
    // "__proto__" stays an own data key: assigning it would set the copy's prototype instead.
    if (key === "__proto__")
      Object.defineProperty(copy, key, { value: taken, enumerable: true, writable: true, configurable: true });
    else copy[key] = taken;
  }
  return Object.freeze(copy);
}
