const MAX_VALUE = 8192;
// Where an unquoted value ends. After `=` (env, query, connection strings, flags): at white space or a shell or
// list delimiter. After `:` (YAML, headers, prose): at the end of the line or a JSON/list delimiter.
const ENDS_AFTER_EQUALS = new Set([..." \t\n\r\f\v;&|,\"'`<>(){}[]"]);
const ENDS_AFTER_COLON = new Set([..."\n\r,;}]\"'`"]);
const ENDS_A_LINE = new Set([..."\n\r&\"'`"]);
// Whole-line values (to the line's end, or "&" in a query): an Authorization header keeps its scheme visible
// ("Bearer [REDACTED:…]"), a Cookie header hides every cookie in it.
const LINE_KINDS = new Set(["authorization", "cookie"]);
const SCHEME = /^[A-Za-z][A-Za-z0-9-]{0,30} {1,4}(?=\S)/;
const ESCAPE_THAT_ENDS = /[nrt"'`]/;
const WHITE_SPACE = /\s/;
/** The regular expressions value extents run, for the linear-time test. */
export const VALUE_PATTERNS: readonly RegExp[] = [SCHEME, ESCAPE_THAT_ENDS, WHITE_SPACE];

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

function unquotedEnd(text: string, start: number, stops: ReadonlySet<string>): number {
  const limit = Math.min(text.length, start + MAX_VALUE);
  let at = start;
  while (at < limit && !stops.has(text.charAt(at)) && !escapedStop(text, at)) at++;
  return at;
}

/**
 * Where the value assigned at `start` ends: a quoted value (also with JSON-escaped quotes) to its closing
 * quote, a header to the end of its line, anything else to the delimiter its operator implies. At most 8 KiB.
 */
export function valueExtent(text: string, start: number, kind: string, operator: string) {
  let escapes = 0;
  while (escapes < 3 && text.charAt(start + escapes) === "\\") escapes++;
  const quote = text.charAt(start + escapes);
  let from = start;
  let end: number;
  if (quote === '"' || quote === "'" || quote === "`") {
    from = start + escapes + 1;
    end = quotedEnd(text, from, quote, escapes);
  } else if (LINE_KINDS.has(kind)) {
    end = unquotedEnd(text, start, ENDS_A_LINE);
  } else {
    end = unquotedEnd(text, start, operator === ":" ? ENDS_AFTER_COLON : ENDS_AFTER_EQUALS);
  }
  while (end > from && WHITE_SPACE.test(text.charAt(end - 1))) end--;
  if (kind === "authorization") from += SCHEME.exec(text.slice(from, Math.min(end, from + 40)))?.[0].length ?? 0;
  return end > from ? { start: from, end } : undefined;
}
