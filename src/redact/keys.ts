import { unfolded } from "./fold.js";
import { QUALIFIER_STARTS, QUALIFIERS, STEMS, SUFFIXES, TERM_STARTS, TERMS } from "./key-terms.js";
import { isAscii, keyWords, WORD_PATTERNS } from "./key-words.js";

/** The longest term starting at a word: a term may span words (`pass_word`, `api_k_ey`, each character of `密码`). */
function termAt(words: readonly string[], start: number): { kind: string; next: number } | undefined {
  const first = words[start] ?? "";
  for (const [suffix, kind] of SUFFIXES)
    if (first.length > suffix.length && first.endsWith(suffix)) return { kind, next: start + 1 };
  let found: { kind: string; next: number } | undefined;
  let glued = "";
  for (let end = start; end < words.length; end++) {
    glued += words[end];
    if (!TERM_STARTS.has(glued)) break;
    const kind = TERMS.get(glued);
    if (kind !== undefined) found = { kind, next: end + 1 };
  }
  return found;
}

/** Whether the words from `start` on begin with a qualifier, which may span words too (`密钥名称`, each character). */
function qualified(words: readonly string[], start: number): boolean {
  let glued = "";
  for (let end = start; end < words.length; end++) {
    glued += words[end];
    if (!QUALIFIER_STARTS.has(glued)) return false;
    if (QUALIFIERS.has(glued)) return true;
  }
  return false;
}

// Terms sit at the ends of a name; a longer one is read at its head and tail, so classifying stays bounded.
const HEAD = 256;
const TAIL = 64;
const bounded = (key: string) => (key.length > HEAD + TAIL ? `${key.slice(0, HEAD)} ${key.slice(-TAIL)}` : key);
// A term may span words (`pass_word`), so a separator may also split a stem (`pa_ssword`, `to-ken`).
const SEPARATOR = /[^A-Za-z0-9]/;
const SEPARATOR_CHARS = /[^A-Za-z0-9]/g;
const hasStem = (key: string): boolean =>
  STEMS.test(key) || (SEPARATOR.test(key) && STEMS.test(key.replace(SEPARATOR_CHARS, "")));
/** The regular expressions key classification runs, for the linear-time test. */
export const KEY_PATTERNS: readonly RegExp[] = [...WORD_PATTERNS, SEPARATOR, SEPARATOR_CHARS, STEMS];

/**
 * The kind of secret a key name announces (`"password"` for `pwd`, `"api-key"` for `x-api-key`, also `пароль`,
 * `用户密码` or `ﾊﾟｽﾜｰﾄﾞ`), or `undefined` for an ordinary key (`monkey`, `session_note`, `tokenizer`, `max_tokens`,
 * `token_count`, `код`, `ключ`). A plain ASCII key without a stem of any term is ruled out by one scan.
 *
 * @example
 * ```ts
 * secretKeyKind("DB_PASSWORD"); // "password"
 * secretKeyKind("парольПользователя"); // "password"
 * secretKeyKind("monkey"); // undefined
 * ```
 */
export function secretKeyKind(key: string): string | undefined {
  const ascii = isAscii(key);
  const text = bounded(ascii ? key : unfolded(key));
  if (ascii && !hasStem(text)) return undefined;
  const words = keyWords(text);
  for (let start = 0; start < words.length; start++) {
    const term = termAt(words, start);
    if (term !== undefined && !qualified(words, term.next)) return term.kind;
  }
  return undefined;
}
