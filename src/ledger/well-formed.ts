// String.prototype.isWellFormed / toWellFormed (ES2024, Node 20+), typed here because the project targets ES2023.
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** @internal True when the string has no lone surrogate (RFC 8785 refuses those). */
export const isWellFormed = (value: string): boolean => (value as unknown as WellFormed).isWellFormed();

/** @internal The string with each lone surrogate replaced by U+FFFD. */
export const toWellFormed = (value: string): string => (value as unknown as WellFormed).toWellFormed();

// What JSON.stringify escapes in a string (a quote, a backslash, a control character) and what RFC 8785 refuses
// or JSON.stringify escapes as \u (a surrogate: a pair is fine, but any surrogate goes the long way, which knows pairs).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * @internal A string's JSON when it is well-formed, exactly as `JSON.stringify` writes it; undefined for anything
 * else. Most strings (ids, names, hex) need no escaping and are quoted without the call.
 */
export const jsonString = (value: unknown): string | undefined => {
  if (typeof value !== "string") return undefined;
  if (!ESCAPED.test(value)) return `"${value}"`;
  return isWellFormed(value) ? JSON.stringify(value) : undefined;
};
