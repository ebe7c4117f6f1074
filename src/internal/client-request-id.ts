// A remote client's own id for its request (a JSON-RPC id) as toolgate records it beside its own call id. The
// client chooses it — a repeat, another client's, a megabyte, control characters — so only a bounded, visible
// rendering of it is ever kept: a claim to correlate the client's logs with, never an identity.

const MAX = 128;
// Controls, format characters (bidi, zero-width), private-use, unassigned and lone surrogates, line separators.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/u;
const escaped = (char: string) => `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`;

/**
 * @internal The id as recorded: a finite number in decimal, or a non-empty string with hidden characters written
 * as escapes, cut (by code point) to 128 characters and its length; `undefined` for anything else (`null` included).
 *
 * @example
 * ```ts
 * clientRequestIdText("req-7\u202e"); // "req-7\\u{202E}"
 * ```
 */
export function clientRequestIdText(id: unknown): string | undefined {
  if (typeof id === "number") return Number.isFinite(id) ? String(id) : undefined;
  if (typeof id !== "string" || id === "") return undefined;
  let shown = "";
  for (const char of id) {
    const next = HIDDEN.test(char) ? escaped(char) : char;
    if (shown.length + next.length > MAX) return `${shown}…[${id.length} characters in all]`;
    shown += next;
  }
  return shown;
}
