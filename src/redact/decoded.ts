import { asRead } from "./fold.js";
import type { Hit } from "./hits.js";

// What any decoding needs: a "%", a backslash, a control character or one outside ASCII. Most texts have none.
// biome-ignore lint/suspicious/noControlCharactersInRegex: controls between letters are read away
const MAYBE_ENCODED = /[%\\\0-\x08\x0e-\x1f\x7f-\uffff]/;
const ESCAPE = /%[0-9A-Fa-f]{2}/;
// JSON's escapes inside a string that can stand for a secret's character, or break a line: a JSON text in a value
// reads `\u0067hp_…` or `…\/…` as its consumer will. (`\"` and `\\` hide no secret's character: not decoded.)
const BACKSLASH_ESCAPE = /\\(?:[nrt/]|u[0-9A-Fa-f]{4})/;
const CONTROL: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", "/": "/" };
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
const HEX_QUAD = /^[0-9A-Fa-f]{4}$/;
const NON_ASCII = /[\u0080-\uffff]/;
// Control characters other than white space read as nothing, as invisible ones do: text that was UTF-16 bytes
// (`p\0a\0s\0s\0…`) or has a control between two letters reads as the letters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is read away
const SKIPPED_CONTROL = /[\0-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]/;
/** The regular expressions the decoded view runs, for the linear-time test. */
export const DECODED_PATTERNS: readonly RegExp[] = [
  MAYBE_ENCODED,
  ESCAPE,
  BACKSLASH_ESCAPE,
  HEX_PAIR,
  HEX_QUAD,
  NON_ASCII,
  SKIPPED_CONTROL,
];

// How each non-ASCII character reads, remembered: a text repeats few distinct characters (a page of kana folds
// each of them once). Bounded: past it, characters are folded as they come.
const MAX_READINGS = 4096;
const readings = new Map<number, string>();
function readingOf(code: number, char: string): string {
  const known = readings.get(code);
  if (known !== undefined) return known;
  const read = asRead(char);
  if (readings.size < MAX_READINGS) readings.set(code, read);
  return read;
}

/**
 * Whether the decoded view may read `text` differently: it has a "%", a backslash, a control character or one
 * outside ASCII. One pass; a text without any is read as it is, and only ASCII families look at it.
 */
export const mayBeEncoded = (text: string): boolean => MAYBE_ENCODED.test(text);

// C0 controls but the white space ones (tab to carriage return); DEL; C1 controls but next-line (U+0085).
const isSkippedControl = (code: number): boolean =>
  code <= 0x08 || (code >= 0x0e && code <= 0x1f) || (code >= 0x7f && code <= 0x9f && code !== 0x85);

const byteAt = (text: string, at: number): number =>
  text.charAt(at) === "%" && HEX_PAIR.test(text.slice(at + 1, at + 3))
    ? Number.parseInt(text.slice(at + 1, at + 3), 16)
    : -1;
// A UTF-8 sequence's length by its lead byte, and the least code point it may encode (so no overlong form reads).
const SEQUENCE = [
  { lead: 0xc0, mask: 0x1f, length: 2, least: 0x80 },
  { lead: 0xe0, mask: 0x0f, length: 3, least: 0x800 },
  { lead: 0xf0, mask: 0x07, length: 4, least: 0x10000 },
];

/** The character a run of percent-escapes at `at` encodes as UTF-8, and where the run ends; none if it is not one. */
function percentUtf8(text: string, at: number): { code: number; end: number } | undefined {
  const first = byteAt(text, at);
  const form = SEQUENCE.find(({ lead, mask }) => (first & ~mask) === lead);
  if (form === undefined) return undefined;
  let code = first & form.mask;
  for (let index = 1; index < form.length; index++) {
    const next = byteAt(text, at + 3 * index);
    if ((next & 0xc0) !== 0x80) return undefined;
    code = code * 64 + (next & 0x3f);
  }
  if (code < form.least || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { code, end: at + 3 * form.length };
}

/**
 * Runs `find` on the text as a reader would take it too: percent-escapes decoded (a secret in a URL query
 * arrives as `-----BEGIN%20PRIVATE%20KEY-----%0A…`), the escapes of JSON inside a string undone (`…\nghp_…`,
 * `\u0067hp_…`, `\/`), invisible and control characters dropped (`ghp_\u200b…`, UTF-16 bytes `p\0a\0s\0s\0…`), and
 * every other character read as it looks (see `asRead`: `ｐａｓｓｗｏｒｄ＝hunter2`, Cyrillic `раssword=…`); then maps
 * what it finds back onto the text. Only for a text {@link mayBeEncoded} says may be.
 */
export function findDecoded(text: string, find: (decoded: string, hits: Hit[]) => void, hits: Hit[]): void {
  if (!ESCAPE.test(text) && !BACKSLASH_ESCAPE.test(text) && !NON_ASCII.test(text) && !SKIPPED_CONTROL.test(text))
    return;
  let decoded = "";
  let changed = false;
  // Per unit of the decoded text, where the text it was read from starts and ends.
  const starts: number[] = [];
  const ends: number[] = [];
  const put = (read: string, at: number, end: number) => {
    for (let unit = 0; unit < read.length; unit++) {
      starts.push(at);
      ends.push(end);
    }
    decoded += read;
  };
  for (let at = 0; at < text.length; ) {
    const char = text.charAt(at);
    const code = text.codePointAt(at) ?? 0;
    if (isSkippedControl(code)) {
      put("", at, at + 1);
      changed = true;
      at++;
    } else if (code >= 0x80) {
      // Invisible characters and marks read as nothing; a ligature or a fraction as several letters.
      const whole = code > 0xffff ? text.slice(at, at + 2) : char;
      const read = readingOf(code, whole);
      put(read, at, at + whole.length);
      changed ||= read !== whole;
      at += whole.length;
    } else if (char === "\\" && text.charAt(at + 1) === "u" && HEX_QUAD.test(text.slice(at + 2, at + 6))) {
      // A `\uXXXX` escape reads as its unit, itself read as it looks (`\uff47` is `g`).
      const unit = Number.parseInt(text.slice(at + 2, at + 6), 16);
      const escaped = String.fromCharCode(unit);
      put(unit >= 0x80 ? readingOf(unit, escaped) : escaped, at, at + 6);
      changed = true;
      at += 6;
    } else if (char === "\\" && Object.hasOwn(CONTROL, text.charAt(at + 1))) {
      put(CONTROL[text.charAt(at + 1)] as string, at, at + 2);
      changed = true;
      at += 2;
    } else if (char === "%" && HEX_PAIR.test(text.slice(at + 1, at + 3))) {
      // A character outside ASCII arrives as its UTF-8 bytes (`?%D0%BF%D0%B0…=` is `?па…=`), read as it looks.
      const utf8 = percentUtf8(text, at);
      if (utf8 === undefined) put(String.fromCharCode(Number.parseInt(text.slice(at + 1, at + 3), 16)), at, at + 3);
      else put(readingOf(utf8.code, String.fromCodePoint(utf8.code)), at, utf8.end);
      changed = true;
      at = utf8?.end ?? at + 3;
    } else {
      put(char, at, at + 1);
      at++;
    }
  }
  if (!changed) return;
  const found: Hit[] = [];
  find(decoded, found);
  for (const hit of found) {
    hits.push({ ...hit, start: starts[hit.start] ?? 0, end: ends[hit.end - 1] ?? text.length });
  }
}
