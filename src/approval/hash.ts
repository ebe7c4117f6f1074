import { argsHashOf } from "../internal/canonical.js";
import { snapshot } from "../internal/snapshot.js";

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of a value — the `argsHash` of approval requests, ledger entries
 * and spans: key order does not change it. Throws when the value is not plain data (a cycle, a BigInt, a Map,
 * a Set, a Date or another class instance, a function, a non-finite number), as the gate refuses such input.
 *
 * @example
 * ```ts
 * hashArguments({ a: 1, b: 2 }) === hashArguments({ b: 2, a: 1 }); // true
 * ```
 */
export function hashArguments(input: unknown): string {
  const taken = snapshot(input, Number.MAX_SAFE_INTEGER);
  if (!taken.ok) throw new Error(taken.problem);
  return argsHashOf(taken.value);
}
