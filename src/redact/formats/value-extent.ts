import { UNSPACED_CHAR } from "../key-words.js";

const MAX_VALUE = 8192;
// Where an unquoted value ends. After `=` (env, query, connection strings, flags): at white space or a shell or
// list delimiter. After `:` (YAML, headers, prose): at the end of the line or a JSON/list delimiter.
// The full-width comma, semicolon, full stop and closing quotes of Chinese and Japanese prose end one too.
const ENDS_AFTER_EQUALS = new Set([..." \t\n\r\f\v;&|,\"'`<>(){}[]，；。、」』"]);
const ENDS_AFTER_COLON = new Set([..."\n\r,;}]\"'`，；。、」』"]);
// After a particle (`密码是 hunter2`, `パスワードはhunter2です`): the value is one word, not of the prose's own script.
const ENDS_AFTER_PARTICLE = new Set([...ENDS_AFTER_EQUALS, ..."\u3000：＝！？（）"]);
// Shorter after a particle is prose, not a secret: `パスワードは8文字以上` (at least 8 characters).
const MIN_AFTER_PARTICLE = 4;
const ENDS_A_LINE = new Set([..."\n\r&\"'`"]);
// In a table cell (`| password | … |`, `<td>…</td>`): at the cell's end or the line's.
const ENDS_IN_CELL = new Set([..."|<\n\r"]);
// Whole-line values (to the line's end, or "&" in a query): an Authorization header keeps its scheme visible
// ("Bearer [REDACTED:…]"), a Cookie header hides every cookie in it.
const LINE_KINDS = new Set(["authorization", "cookie"]);
const SCHEME = /^([A-Za-z][A-Za-z0-9-]{0,30}) {1,4}(?=\S)/;
// Only a scheme people use stays visible (IANA's registry and the common vendor ones): any other first word may be
// the secret itself, as in `auth: hunter2 (prod)`.
const AUTH_SCHEMES: ReadonlySet<string> = new Set(
  [
    "basic bearer concealed digest dpop gnap hoba mutual negotiate oauth privatetoken scram-sha-1 scram-sha-256 vapid",
    "ntlm kerberos token apikey api-key key jwt mac hawk signature aws aws4-hmac-sha256 sharedkey ssws splunk sso-key",
  ]
    .join(" ")
    .split(" "),
);
const ESCAPE_THAT_ENDS = /[nrt"'`]/;
const WHITE_SPACE = /\s/;
const BLOCK_INDICATOR = /^[|>][-+]?$/;
const QUOTES = new Set([..."\"'`"]);
/** The regular expressions value extents run, for the linear-time test. */
export const VALUE_PATTERNS: readonly RegExp[] = [
  SCHEME,
  ESCAPE_THAT_ENDS,
  WHITE_SPACE,
  BLOCK_INDICATOR,
  UNSPACED_CHAR,
];

/** How much of an authorization value is its scheme and the spaces after it: none unless it is a known scheme. */
function schemeLength(value: string): number {
  const scheme = SCHEME.exec(value);
  return scheme !== null && AUTH_SCHEMES.has((scheme[1] ?? "").toLowerCase()) ? scheme[0].length : 0;
}

/** Whether a backslash escape at `at` ends the value (an escaped line break or quote in encoded text). */
const escapedStop = (text: string, at: number) =>
  text.charAt(at) === "\\" && ESCAPE_THAT_ENDS.test(text.charAt(at + 1));

// An unterminated quote ends at the line break: quoted values do not span lines (a multi-line key is found as a
// PEM block), and stopping there keeps each character read by one value at most.
function quotedEnd(text: string, start: number, quote: string, escapes: number): number {
  const limit = Math.min(text.length, start + MAX_VALUE);
  for (let at = start; at < limit; at++) {
    const char = text.charAt(at);
    if (char === "\n" || char === "\r") return at;
    if (char !== quote) continue;
    let backslashes = 0;
    while (at - backslashes - 1 >= start && text.charAt(at - backslashes - 1) === "\\") backslashes++;
    // Closed by the same quote as opened it: `"` by an unescaped `"`, `\"` by `\"`.
    if (escapes === 0 ? backslashes % 2 === 0 : backslashes === escapes) return at - escapes;
  }
  return limit;
}

/** A bracketed value (`[…]`, `{…}`) ends at its matching bracket; an unclosed one at the line's end. */
function bracketEnd(text: string, start: number): number {
  const open = text.charAt(start);
  const close = open === "[" ? "]" : "}";
  const limit = Math.min(text.length, start + MAX_VALUE);
  let depth = 0;
  for (let at = start; at < limit; at++) {
    const char = text.charAt(at);
    if (char === open) depth++;
    else if (char === close && --depth === 0) return at + 1;
    else if (char === "\n") return at;
  }
  return limit;
}

// YAML puts a value on the lines below its key ("password:" then "    hunter2", or "key: |" then a block): the
// lines that follow, indented deeper than the key's own line, are the value.
function indentOfLine(text: string, at: number): number {
  let lineStart = at;
  while (lineStart > 0 && at - lineStart < MAX_VALUE && text.charAt(lineStart - 1) !== "\n") lineStart--;
  let indent = 0;
  while (text.charAt(lineStart + indent) === " " || text.charAt(lineStart + indent) === "\t") indent++;
  return indent;
}

function indentedLines(text: string, keyAt: number, lineBreak: number): { start: number; end: number } | undefined {
  const keyIndent = indentOfLine(text, keyAt);
  const limit = Math.min(text.length, lineBreak + MAX_VALUE);
  let start = -1;
  let end = lineBreak;
  for (let at = lineBreak; at < limit && text.charAt(at) === "\n"; ) {
    let indent = 0;
    while (text.charAt(at + 1 + indent) === " " || text.charAt(at + 1 + indent) === "\t") indent++;
    if (indent <= keyIndent) break;
    if (start < 0) start = at + 1 + indent;
    at += 1 + indent;
    while (at < limit && text.charAt(at) !== "\n") at++;
    end = at;
  }
  return start < 0 ? undefined : { start, end };
}

function unquotedEnd(text: string, start: number, stops: ReadonlySet<string>): number {
  const limit = Math.min(text.length, start + MAX_VALUE);
  let at = start;
  while (at < limit && !stops.has(text.charAt(at)) && !escapedStop(text, at)) at++;
  return at;
}

// The quotes of Chinese and Japanese prose: `パスワードは「hunter2」です`. Their letters are Han to a script test, so the
// value would end before it began.
const PROSE_QUOTES: Readonly<Record<string, string>> = { "「": "」", "『": "』", "“": "”", "‘": "’", "《": "》" };

/** A value in the prose's own quotes: to the closing quote, or the line's end. */
function proseQuoted(text: string, start: number, close: string) {
  const limit = Math.min(text.length, start + MAX_VALUE);
  let end = start;
  while (end < limit && text.charAt(end) !== close && text.charAt(end) !== "\n" && text.charAt(end) !== "\r") end++;
  return end > start ? { start, end } : undefined;
}

/**
 * Where the value a particle introduces ends (`密码是 hunter2`, `パスワードはhunter2です`): at white space, a delimiter
 * or a letter of a script written without spaces, where the prose resumes; a quoted value at its quote. A value
 * shorter than four characters is taken for prose. At most 8 KiB.
 */
export function particleValueExtent(text: string, start: number) {
  let quote = start;
  while (quote < start + 3 && text.charAt(quote) === "\\") quote++;
  if (QUOTES.has(text.charAt(quote))) return valueExtent(text, start, "", "=");
  const close = PROSE_QUOTES[text.charAt(start)];
  if (close !== undefined) return proseQuoted(text, start + 1, close);
  const limit = Math.min(text.length, start + MAX_VALUE);
  let end = start;
  while (end < limit) {
    const char = text.charAt(end);
    if (ENDS_AFTER_PARTICLE.has(char)) break;
    // The rarest Han characters lie outside the BMP: a surrogate pair is read whole.
    const code = text.codePointAt(end) ?? 0;
    if (code >= 0x80 && UNSPACED_CHAR.test(code > 0xffff ? text.slice(end, end + 2) : char)) break;
    end += code > 0xffff ? 2 : 1;
  }
  return end - start >= MIN_AFTER_PARTICLE ? { start, end } : undefined;
}

const MAX_GAP = 16;
const MAX_SCHEME = 40;
const isGap = (char: string) => char === " " || char === "\t";
const ESCAPED_WHITE = new Set([..."nrt"]);

/** Where a line break at `at` ends (`\n` or `\r\n`), or -1 if there is none. */
function lineBreakEnd(text: string, at: number): number {
  if (text.charAt(at) === "\n") return at + 1;
  if (text.charAt(at) === "\r" && text.charAt(at + 1) === "\n") return at + 2;
  return -1;
}

// An auth scheme alone on its line (`Authorization: Bearer` and the token below it): the credentials are the next
// line. The scheme stays visible, as it does on one line.
function nextLineCredentials(text: string, start: number, end: number) {
  if (end - start > MAX_SCHEME || !AUTH_SCHEMES.has(text.slice(start, end).trim().toLowerCase())) return undefined;
  let from = lineBreakEnd(text, end);
  if (from < 0) return undefined;
  for (let gap = 0; gap < MAX_GAP && isGap(text.charAt(from)); gap++) from++;
  const lineEnd = unquotedEnd(text, from, ENDS_A_LINE);
  return lineEnd > from ? { start: from, end: lineEnd } : undefined;
}

/**
 * Where a value after its operator starts: past a lone carriage return (a line break that a terminal draws the
 * value over: `password:\r…`) and, in JSON text inside a string pretty-printed, past the escaped line break and
 * indent before the value's quote (`{"password":\n  "…"}`). Each skip is bounded.
 */
function valueStart(text: string, start: number): number {
  let at = start;
  if (text.charAt(at) === "\r" && text.charAt(at + 1) !== "\n") {
    at++;
    for (let gap = 0; gap < MAX_GAP && isGap(text.charAt(at)); gap++) at++;
  }
  let escaped = at;
  for (
    let breaks = 0;
    breaks < 4 && text.charAt(escaped) === "\\" && ESCAPED_WHITE.has(text.charAt(escaped + 1));
    breaks++
  ) {
    escaped += 2;
    for (let gap = 0; gap < MAX_GAP && isGap(text.charAt(escaped)); gap++) escaped++;
  }
  if (escaped === at) return at;
  let quote = escaped;
  while (quote < escaped + 3 && text.charAt(quote) === "\\") quote++;
  return QUOTES.has(text.charAt(quote)) ? escaped : at;
}

/**
 * Where the value assigned at `at` ends: a quoted value (also with JSON-escaped quotes) to its closing
 * quote, a header to the end of its line, a table cell (operator `|`) to the cell's end, anything else to the
 * delimiter its operator implies (`:`, or `=` for the rest). At most 8 KiB, then `cut` (see {@link takenEnd}).
 */
export function valueExtent(text: string, at: number, kind: string, operator: string) {
  const start = valueStart(text, at);
  let escapes = 0;
  while (escapes < 3 && text.charAt(start + escapes) === "\\") escapes++;
  const quote = text.charAt(start + escapes);
  let from = start;
  let end: number;
  if (quote === '"' || quote === "'" || quote === "`") {
    from = start + escapes + 1;
    end = quotedEnd(text, from, quote, escapes);
  } else if (quote === "[" || quote === "{") {
    end = bracketEnd(text, start);
  } else if (operator === "|") {
    end = unquotedEnd(text, start, ENDS_IN_CELL);
  } else if (LINE_KINDS.has(kind)) {
    end = unquotedEnd(text, start, ENDS_A_LINE);
    const below = kind === "authorization" ? nextLineCredentials(text, start, end) : undefined;
    if (below !== undefined) return below;
  } else {
    end = unquotedEnd(text, start, operator === ":" ? ENDS_AFTER_COLON : ENDS_AFTER_EQUALS);
    const inline = text.slice(start, end).trim();
    const lineBreak = text.charAt(end) === "\r" ? end + 1 : end;
    if (operator === ":" && (inline === "" || BLOCK_INDICATOR.test(inline)) && text.charAt(lineBreak) === "\n") {
      const block = indentedLines(text, start, lineBreak);
      if (block === undefined) return undefined;
      from = block.start;
      end = block.end;
    }
  }
  // Read to the cap and no further: the value may go on, and the caller hides the rest of its line if it takes it.
  const cut = end >= (quote === '"' || quote === "'" || quote === "`" ? from : start) + MAX_VALUE && end < text.length;
  while (end > from && WHITE_SPACE.test(text.charAt(end - 1))) end--;
  if (kind === "authorization") from += schemeLength(text.slice(from, Math.min(end, from + MAX_SCHEME)));
  if (end <= from) return undefined;
  return cut ? { start: from, end, cut } : { start: from, end };
}

/**
 * Where a taken value's hit ends: its end, or for a value cut at the 8 KiB cap the end of its line, so that the
 * unread rest of a long secret is not shown. Read only for a value taken, and the caller's scan resumes after it:
 * each character is read once.
 */
export function takenEnd(text: string, value: { end: number; cut?: boolean }): number {
  if (value.cut !== true) return value.end;
  let end = value.end;
  while (end < text.length && text.charAt(end) !== "\n" && text.charAt(end) !== "\r") end++;
  return end;
}
