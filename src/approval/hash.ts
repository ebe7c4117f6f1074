import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of a value: key order does not change it.
 * Throws when the value has no JSON form (a cycle, a BigInt).
 *
 * @example
 * ```ts
 * hashArguments({ a: 1, b: 2 }) === hashArguments({ b: 2, a: 1 }); // true
 * ```
 */
export function hashArguments(input: unknown): string {
  const json = canonicalize(input === undefined ? null : input);
  if (json === undefined) throw new Error("the input has no JSON form");
  return createHash("sha256").update(json).digest("hex");
}
