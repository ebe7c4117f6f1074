// The snapshot as it was before records were cloned with the engine's spread: the oracle of snapshot-clone.test.ts.
import { types } from "node:util";

/** How deep a decided value may nest. */
const MAX_SNAPSHOT_DEPTH = 64;

/** Why a value is not plain data, and where (the path is built as the error unwinds: free when nothing fails). */
export class ReferenceNotPlainData extends Error {
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

/** The previous `freezeCopy`: a loop of reads over `Object.keys` of the value itself. */
export function referenceFreezeCopy(value: unknown, maxBytes: number): unknown {
  if (value === undefined) return undefined;
  try {
    const budget = { left: maxBytes, bytes: false };
    const copy = take(value, 0, budget);
    return copy;
  } catch (error) {
    if (error instanceof ReferenceNotPlainData) throw error;
    throw new ReferenceNotPlainData(`could not be read (${(error as Error)?.message ?? String(error)})`);
  }
}

function spend(budget: Budget, bytes: number): void {
  budget.left -= bytes;
  if (budget.left < 0) throw new ReferenceNotPlainData("the input is larger than the tool's limit");
}

function take(value: unknown, depth: number, budget: Budget): unknown {
  switch (typeof value) {
    case "string":
      spend(budget, value.length + 2);
      return value;
    case "number":
      if (!Number.isFinite(value)) throw new ReferenceNotPlainData(`${value} is not a JSON number`);
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
        throw new ReferenceNotPlainData(`nested more than ${MAX_SNAPSHOT_DEPTH} levels (or a cycle)`);
      return takeObject(value, depth, budget);
    default:
      throw new ReferenceNotPlainData(`a ${typeof value} has no JSON form`);
  }
}

function takeObject(value: object, depth: number, budget: Budget): unknown {
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return takeRecord(value, depth, budget);
  if (Array.isArray(value)) return takeArray(value, depth, budget);
  if (types.isUint8Array(value) && !types.isProxy(value)) {
    spend(budget, value.byteLength * 2);
    budget.bytes = true;
    return new Uint8Array(value as Uint8Array);
  }
  const kind = (proto?.constructor as { name?: string } | undefined)?.name || "non-plain object";
  throw new ReferenceNotPlainData(`a ${kind} is not plain data; pass JSON values (objects, arrays, strings, numbers)`);
}

/** Adds `key` to the path of a failure below it. */
function within(error: unknown, key: string | number): never {
  if (error instanceof ReferenceNotPlainData) error.trail.push(key);
  throw error;
}

function takeArray(value: readonly unknown[], depth: number, budget: Budget): unknown {
  const length = value.length;
  spend(budget, length + 2);
  const copy = new Array(length);
  for (let index = 0; index < length; index++) {
    try {
      const item = value[index];
      if (item === undefined) throw new ReferenceNotPlainData("undefined in an array has no JSON form");
      copy[index] = take(item, depth + 1, budget);
    } catch (error) {
      within(error, index);
    }
  }
  return Object.freeze(copy);
}

function takeRecord(value: object, depth: number, budget: Budget): unknown {
  const copy: Record<string, unknown> = {};
  spend(budget, 2);
  for (const key of Object.keys(value)) {
    try {
      // NUL in a key is refused: it is how the canonical form spells bytes, and no real field name has one.
      if (key.includes("\u0000")) throw new ReferenceNotPlainData("a key with a NUL character is not allowed");
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      spend(budget, key.length + 3);
      const taken = take(item, depth + 1, budget);
      // "__proto__" stays an own data key: assigning it would set the copy's prototype instead.
      if (key === "__proto__") {
        Object.defineProperty(copy, key, { value: taken, enumerable: true, writable: true, configurable: true });
      } else copy[key] = taken;
    } catch (error) {
      within(error, key);
    }
  }
  return Object.freeze(copy);
}
