// Text someone else chose (a model's input, a remote server's description, what a trail holds) reaches a terminal
// inert: a control character, an invisible format character (bidi, zero-width) or a line break in it would redraw
// the screen, start a line that reads like ours, or reorder what a line shows. Each is written as a visible escape.
// Unusual spaces too (a no-break or ideographic space reads as a space): what is shown is what is there.
const ACTIVE = /[^\P{C}]|[^\P{Z} ]/gu;

const escaped = (char: string) => `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`;

/**
 * `text` with every control, format, unassigned or private-use character, line break and space other than U+0020
 * shown as `\u{…}`.
 */
export const printable = (text: string): string => text.replace(ACTIVE, escaped);

/** A copy of a report with every string in it made `printable`, for a text rendering (JSON output escapes itself). */
export function inert<T>(value: T): T {
  if (typeof value === "string") return printable(value) as T;
  if (Array.isArray(value)) return value.map(inert) as T;
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = inert(item);
  return copy as T;
}
