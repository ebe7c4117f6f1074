import { hash } from "node:crypto";
import canonicalize from "canonicalize";

const MAX_DEPTH = 64;

// A Map, a Set or a class instance has no faithful JSON form (a Map serialises as {}), so two different
// inputs would hash alike and an approval could not bind its contents: such input cannot be approved.
function assertPlainData(value: unknown, path: string, depth = 0): void {
  if (typeof value !== "object" || value === null) return;
  if (depth > MAX_DEPTH) throw new Error(`${path} is nested more than ${MAX_DEPTH} levels deep (or is a cycle)`);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) assertPlainData(item, `${path}[${index}]`, depth + 1);
    return;
  }
  if (value instanceof Date) return;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new Error(`${path} is a ${proto?.constructor?.name ?? "non-plain object"}, which has no canonical JSON form`);
  }
  for (const [key, item] of Object.entries(value)) assertPlainData(item, `${path}.${key}`, depth + 1);
}

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of a value: key order does not change it.
 * Throws when the value has no faithful JSON form (a cycle, a BigInt, a Map, a Set, a class instance).
 *
 * @example
 * ```ts
 * hashArguments({ a: 1, b: 2 }) === hashArguments({ b: 2, a: 1 }); // true
 * ```
 */
export function hashArguments(input: unknown): string {
  assertPlainData(input, "input");
  const json = canonicalize(input === undefined ? null : input);
  if (json === undefined) throw new Error("the input has no JSON form");
  return hash("sha256", json, "hex");
}
