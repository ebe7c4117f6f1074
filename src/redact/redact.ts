import type { Redacted } from "./types.js";
import { Walk } from "./walk.js";

/**
 * Returns a copy safe to show or export, and where it hid what. Hidden are values under secret-looking keys
 * (`password`, `apiKey`, `x-api-key`, `pwd`, `sessionid`, `creditCard`…), secrets in any string (tokens of
 * 60 formats, JWTs, private-key blocks, Basic and Bearer credentials, passwords in URLs, card numbers,
 * IBANs, `KEY=value` assignments), keys that are themselves secrets, and whatever lies past the caps (depth
 * 16, 100,000 values, 64 KiB per string, 256 KiB in all). Each becomes `[REDACTED:kind]` and an entry of
 * `hidden`. Cycles are cut; the input is never modified.
 *
 * @example
 * ```ts
 * const { value, hidden } = redact({ user: "ann", apiKey: "abc" });
 * // value: { user: "ann", apiKey: "[REDACTED:api-key]" }, hidden: [{ path: "$.apiKey", kind: "api-key" }]
 * ```
 */
export function redact(input: unknown): Redacted {
  const walk = new Walk();
  const value = walk.visit(input, 0);
  return { value, count: walk.hidden.length, hidden: walk.hidden };
}

/**
 * The original of the `index`-th hidden value of `redact(original)`, for an approver who asks to see it
 * (in-process only: never log, export or send it). Redaction is deterministic, so the same input gives the
 * same `hidden` list; `undefined` when there is no such entry.
 *
 * @example
 * ```ts
 * const input = { note: "call me", apiKey: "abc" };
 * reveal(input, 0); // "abc" (redact(input).hidden[0] is { path: "$.apiKey", kind: "api-key" })
 * ```
 */
export function reveal(original: unknown, index: number): unknown {
  let seen = -1;
  let found: unknown;
  new Walk((hidden) => {
    if (++seen === index) found = hidden;
  }).visit(original, 0);
  return found;
}
