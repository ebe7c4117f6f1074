import type { Hit } from "./hits.js";

// What any decoding needs: a "%", a backslash, or a character outside ASCII. Most texts have none.
const MAYBE_ENCODED = /[%\\\u0080-\uffff]/;
const ESCAPE = /%[0-9A-Fa-f]{2}/;
const BACKSLASH_ESCAPE = /\\[nrt]/;
const CONTROL: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t" };
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
// Soft hyphen, zero-width and bidi controls, word joiners, BOM: invisible, so they can split a token unseen.
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
/** The regular expressions the decoded view runs, for the linear-time test. */
export const DECODED_PATTERNS: readonly RegExp[] = [MAYBE_ENCODED, ESCAPE, BACKSLASH_ESCAPE, HEX_PAIR, INVISIBLE];

/**
 * Runs `find` on the text as a reader would take it too: percent-escapes decoded (a secret in a URL query
 * arrives as `-----BEGIN%20PRIVATE%20KEY-----%0A…`), `\n`-style escapes of JSON inside a string undone
 * (`…\nghp_…`), invisible characters dropped (`ghp_\u200b…`); then maps what it finds back onto the text.
 */
export function findDecoded(text: string, find: (decoded: string, hits: Hit[]) => void, hits: Hit[]): void {
  if (!MAYBE_ENCODED.test(text)) return;
  if (!ESCAPE.test(text) && !BACKSLASH_ESCAPE.test(text) && !INVISIBLE.test(text)) return;
  let decoded = "";
  const origin: number[] = [];
  for (let at = 0; at < text.length; ) {
    const char = text.charAt(at);
    if (INVISIBLE.test(char)) {
      at++;
    } else if (char === "\\" && CONTROL[text.charAt(at + 1)] !== undefined) {
      origin.push(at);
      decoded += CONTROL[text.charAt(at + 1)];
      at += 2;
    } else if (char === "%" && HEX_PAIR.test(text.slice(at + 1, at + 3))) {
      origin.push(at);
      decoded += String.fromCharCode(Number.parseInt(text.slice(at + 1, at + 3), 16));
      at += 3;
    } else {
      origin.push(at);
      decoded += char;
      at++;
    }
  }
  origin.push(text.length);
  const found: Hit[] = [];
  find(decoded, found);
  for (const hit of found) hits.push({ ...hit, start: origin[hit.start] ?? 0, end: origin[hit.end] ?? text.length });
}
