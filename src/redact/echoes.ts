import { type Hit, RANK } from "./hits.js";

// A value found only by the key before it (`password: …`, `mysql -p…`, a table's password column) has no shape of
// its own to be found by elsewhere, and a text often says it again (`… then log in with it: …`, `echo … |`). Each
// such value is looked for again in the whole text. Bounded: so many values, each one search of the text.
const MAX_ECHOED = 8;
// Shorter values, and letters alone, are words a text may use for themselves (`root`, `admin`, `secret`: "keep it
// secret"); a value with white space is prose.
const MIN_ECHO = 6;
const MAX_ECHO = 128;
const WHITE_SPACE = /\s/;
const NOT_A_LETTER = /[^A-Za-z]/;
const WORD_CHAR = /[A-Za-z0-9]/;
const isWordChar = (char: string) => WORD_CHAR.test(char);
/** The regular expressions echoes run, for the linear-time test. */
export const ECHO_PATTERNS: readonly RegExp[] = [WHITE_SPACE, NOT_A_LETTER, WORD_CHAR];

/** Adds a hit for each other place in `text` where a value hidden by its key name alone is written again. */
export function findEchoes(text: string, hits: Hit[]): void {
  const values = new Map<string, string>();
  for (const hit of hits) {
    if (values.size >= MAX_ECHOED) break;
    const length = hit.end - hit.start;
    if (hit.rank !== RANK.keyName || length < MIN_ECHO || length > MAX_ECHO) continue;
    const value = text.slice(hit.start, hit.end);
    if (NOT_A_LETTER.test(value) && !WHITE_SPACE.test(value) && !values.has(value)) values.set(value, hit.kind);
  }
  for (const [value, kind] of values) {
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) {
      // A whole word again, not the same letters inside another one.
      if (isWordChar(text.charAt(at - 1)) || isWordChar(text.charAt(at + value.length))) continue;
      hits.push({ start: at, end: at + value.length, kind, rank: RANK.keyName });
    }
  }
}
