// Text someone else chose (a model's input, a remote server's description, what a trail holds) reaches a terminal
// inert: a control character, an invisible format character (bidi, zero-width) or a line break in it would redraw
// the screen, start a line that reads like ours, or reorder what a line shows. Each is written as a visible escape.
// Unusual spaces too (a no-break or ideographic space reads as a space): what is shown is what is there. So is what
// Unicode lists as invisible by default (Hangul fillers, variation selectors, the combining grapheme joiner).
const UNSEEN = String.raw`[\p{C}\p{DI}]|[^\P{Z} ]`;
// A combining mark draws over the character before it: it is shown as itself only on a base shown as itself, three
// others at most. One at the start of a text, or after an escape, would draw over our text; a tall pile of them
// spills over the lines around it.
const BASE = String.raw`(?:[^\p{M}\p{C}\p{DI}\p{Z}]| )`;
// A backslash that starts what reads as one of our escapes is escaped too: every `\u{…}` shown is one of ours.
const ACTIVE = new RegExp(String.raw`${UNSEEN}|\\(?=u\{)|(?<!${BASE}\p{M}{0,3})\p{M}`, "gu");

const escaped = (char: string) => `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`;

/**
 * `text` with every control, format, unassigned or private-use character, default-ignorable character, line break,
 * space other than U+0020, combining mark with no base of its own (or the fifth and later on one base), and each
 * backslash that starts a `u{`, shown as `\u{…}`.
 */
export const printable = (text: string): string => text.replace(ACTIVE, escaped);

/** {@link printable} line by line, for a message of ours that lists its problems on lines of their own. */
export const printableLines = (text: string): string => text.split("\n").map(printable).join("\n");

// In JSON text the characters are escaped JSON's own way (the same value parses back); `\n` outside strings is layout.
const JSON_UNSEEN = new RegExp(String.raw`(?!\n)(?:${UNSEEN})|\p{M}`, "gu");
const jsonEscaped = (char: string) =>
  char
    .split("")
    .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .join("");

/** `value` as indented JSON whose text is inert on a terminal (each character `printable` escapes as `\uXXXX`). */
export const inertJson = (value: unknown): string => JSON.stringify(value, null, 2).replace(JSON_UNSEEN, jsonEscaped);

/**
 * A copy of a report with every string in it made `printable`, for a text rendering. A report is plain data: any
 * other object (a Map, a Date, a class instance) is refused rather than rendered as an empty copy.
 */
export function inert<T>(value: T, path = "report"): T {
  if (typeof value === "string") return printable(value) as T;
  if (Array.isArray(value)) return value.map((item, index) => inert(item, `${path}[${index}]`)) as T;
  if (typeof value !== "object" || value === null) return value;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`inert: ${path} is a ${prototype?.constructor?.name ?? "non-plain object"}, not plain data`);
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = inert(item, `${path}.${key}`);
  return copy as T;
}
