import { asRead } from "./fold.js";
import { QUALIFIERS, STEMS, SUFFIXES, TERMS } from "./key-terms.js";

const MAX_SPAN = 4;
// Zero-width boundaries (no nested quantifiers): linear on a key of any length.
const BOUNDARY = /(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/g;
const SEPARATORS = /[^a-z0-9]{1,64}/;

/** The words of a key name: camelCase, snake_case, kebab-case, dots and digits split, lower-cased. */
const keyWords = (key: string): string[] => key.replace(BOUNDARY, " ").toLowerCase().split(SEPARATORS).filter(Boolean);

function termAt(words: readonly string[], start: number): { kind: string; next: number } | undefined {
  const first = words[start] ?? "";
  for (const [suffix, kind] of SUFFIXES)
    if (first.length > suffix.length && first.endsWith(suffix)) return { kind, next: start + 1 };
  let glued = "";
  for (let end = start; end < Math.min(words.length, start + MAX_SPAN); end++) {
    glued += words[end];
    const kind = TERMS.get(glued);
    if (kind !== undefined) return { kind, next: end + 1 };
  }
  return undefined;
}

// Terms sit at the ends of a name; a longer one is read at its head and tail, so classifying stays bounded.
const HEAD = 256;
const TAIL = 64;
/** The regular expressions key classification runs, for the linear-time test. */
export const KEY_PATTERNS: readonly RegExp[] = [BOUNDARY, SEPARATORS, STEMS];

/**
 * The kind of secret a key name announces (`"password"` for `pwd`, `"api-key"` for `x-api-key`), or
 * `undefined` for an ordinary key (`monkey`, `session_note`, `tokenizer`, `max_tokens`, `token_count`).
 *
 * @example
 * ```ts
 * secretKeyKind("DB_PASSWORD"); // "password"
 * secretKeyKind("monkey"); // undefined
 * ```
 */
export function secretKeyKind(key: string): string | undefined {
  const read = NON_ASCII.test(key) ? asRead(key) : key;
  return classify(read.length > HEAD + TAIL ? `${read.slice(0, HEAD)} ${read.slice(-TAIL)}` : read);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: anything outside ASCII is what folding is for
const NON_ASCII = /[^\u0000-\u007f]/;
// A term may span words (`pass_word`), so a separator may also split a stem (`pa_ssword`, `to-ken`).
const SEPARATOR = /[^A-Za-z0-9]/;
const SEPARATOR_CHARS = /[^A-Za-z0-9]/g;
const hasStem = (key: string): boolean =>
  STEMS.test(key) || (SEPARATOR.test(key) && STEMS.test(key.replace(SEPARATOR_CHARS, "")));

function classify(key: string): string | undefined {
  if (!hasStem(key)) return undefined;
  const words = keyWords(key);
  let found: string | undefined;
  for (let start = 0; start < words.length; start++) {
    const term = termAt(words, start);
    if (term === undefined) continue;
    const after = words[term.next];
    if (after === undefined || !QUALIFIERS.has(after)) found ??= term.kind;
  }
  return found;
}
