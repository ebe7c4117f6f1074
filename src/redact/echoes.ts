import { type Hit, RANK } from "./hits.js";

/** A secret known from elsewhere in a call, and the kind it was hidden as there. */
export interface KnownSecret {
  readonly value: string;
  readonly kind: string;
}

// A value found only by the key before it (`password: …`, `mysql -p…`, a table's password column) has no shape of
// its own to be found by elsewhere, and a text often says it again (`… then log in with it: …`, `echo … |`). Each
// such value is looked for again in the whole text. Bounded: so many values, each one search of the text.
export const MAX_ECHOED = 8;
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

/** Whether `value` is one to look for again: long enough, not a word of letters alone, not prose. */
export const echoable = (value: string) =>
  value.length >= MIN_ECHO && value.length <= MAX_ECHO && NOT_A_LETTER.test(value) && !WHITE_SPACE.test(value);

/**
 * Adds a hit for each other place in `text` where a value hidden by its key name alone is written again, and for
 * each place it writes one of `known` (secrets the call carried elsewhere, such as a `password` field, hidden as
 * `password`: a tool's error message that quotes its input).
 */
export function findEchoes(text: string, hits: Hit[], known: readonly KnownSecret[] = []): void {
  const values = new Map<string, string>();
  for (const secret of known) {
    if (values.size >= MAX_ECHOED) break;
    if (echoable(secret.value) && text.includes(secret.value)) values.set(secret.value, secret.kind);
  }
  for (const hit of hits) {
    if (values.size >= MAX_ECHOED) break;
    const length = hit.end - hit.start;
    if (hit.rank !== RANK.keyName || length < MIN_ECHO || length > MAX_ECHO) continue;
    const value = text.slice(hit.start, hit.end);
    if (echoable(value) && !values.has(value)) values.set(value, hit.kind);
  }
  for (const [value, kind] of values) {
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) {
      // A whole word again, not the same letters inside another one.
      if (isWordChar(text.charAt(at - 1)) || isWordChar(text.charAt(at + value.length))) continue;
      hits.push({ start: at, end: at + value.length, kind, rank: RANK.keyName });
    }
  }
}
