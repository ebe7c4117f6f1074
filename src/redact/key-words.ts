import { lookalikesRead, unfolded } from "./fold.js";

// Scripts written without spaces between words: each of their characters is a word of its own, so a term is found
// wherever it starts (`用户密码`, `ユーザーパスワード`, `사용자비밀번호`, `รหัสผ่านผู้ใช้`) by gluing words.
const UNSPACED =
  "\\p{scx=Han}\\p{scx=Hira}\\p{scx=Kana}\\p{scx=Hang}\\p{scx=Thai}\\p{scx=Laoo}\\p{scx=Khmr}\\p{scx=Mymr}";
// Where words break: separators, then boundaries, each pass run only on a name that has what it looks for (a name
// in one script has few of them). Zero-width boundaries and bounded runs: linear on a key of any length. On ASCII
// these are the separators and `aB`, `ABc`, `a1`, `1a`, as they always were.
const SEPARATORS = /[^\p{L}\p{N}]{1,64}/gu;
const CASED_OR_DIGIT = /[\p{Lu}\p{N}]/u;
const CASE_OR_DIGIT_BREAKS =
  /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/gu;
/** A character of a script written without spaces between words (Han, kana, Hangul, Thai…). */
export const UNSPACED_CHAR = new RegExp(`[${UNSPACED}]`, "u");
const UNSPACED_CHARS = new RegExp(`[${UNSPACED}]`, "gu");
const ASCII_BOUNDARY = /(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/g;
const ASCII_SEPARATORS = /[^a-z0-9]{1,64}/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: anything outside ASCII is what folding is for
const NON_ASCII = /[^\u0000-\u007f]/;
/**
 * Whether a text is plain ASCII: what needs no folding, and what the stems of the terms can rule out.
 *
 * @example
 * ```ts
 * isAscii("DB_PASSWORD"); // true
 * isAscii("пароль"); // false
 * ```
 */
export const isAscii = (text: string): boolean => !NON_ASCII.test(text);
/** The regular expressions reading a key name runs, for the linear-time test. */
export const WORD_PATTERNS: readonly RegExp[] = [
  SEPARATORS,
  CASED_OR_DIGIT,
  CASE_OR_DIGIT_BREAKS,
  UNSPACED_CHAR,
  UNSPACED_CHARS,
  ASCII_BOUNDARY,
  ASCII_SEPARATORS,
  NON_ASCII,
];

/** A word already {@link unfolded}, as it reads: lower-cased, each look-alike letter read as the one it looks like. */
export const readUnfolded = (word: string): string =>
  lookalikesRead(word.toLowerCase().replaceAll("ς", "σ")).toLowerCase();

/**
 * A word as it reads, whatever its script: lower-cased first (so `ПАРОЛЬ` and `пароль`, `ΚΩΔΙΚΟΣ` and `κωδικός` are
 * one word; a final `ς` is a `σ`, as case folding has it), then each look-alike letter read as the one it looks
 * like (`пaроль` with a Latin `a` is `пароль`). A term of the table is read the same way, so they compare.
 *
 * @example
 * ```ts
 * wordAsRead("ΚΩΔΙΚΟΣ") === wordAsRead("κωδικός"); // true
 * ```
 */
export const wordAsRead = (word: string): string => readUnfolded(unfolded(word));

/**
 * The words of a key name (already {@link unfolded}), each as it reads: camelCase, snake_case, kebab-case, dots and
 * digits split, in any script; in a script written without spaces, each character. Plain ASCII takes a path with no
 * folding, to the same words.
 *
 * @example
 * ```ts
 * keyWords("userПароль2"); // ["user", wordAsRead("пароль"), "2"]
 * keyWords("用户id"); // ["用", "户", "id"]
 * ```
 */
export function keyWords(text: string): string[] {
  if (isAscii(text)) return text.replace(ASCII_BOUNDARY, " ").toLowerCase().split(ASCII_SEPARATORS).filter(Boolean);
  // Read whole, then split at the spaces put where words break: folding writes no space (a letter that would read
  // as several words, `ﷺ`, is already written out by then), and may write separators (`י` reads as `'`).
  let spaced = text.replace(SEPARATORS, " ");
  if (CASED_OR_DIGIT.test(spaced)) spaced = spaced.replace(CASE_OR_DIGIT_BREAKS, " ");
  if (UNSPACED_CHAR.test(spaced)) spaced = spaced.replace(UNSPACED_CHARS, " $& ");
  return readUnfolded(spaced).split(" ").filter(Boolean);
}
