import { unfolded } from "./fold.js";
import { SUFFIXES, TERMS } from "./key-terms.js";
import { readUnfolded, UNSPACED_CHAR } from "./key-words.js";

// A key inside free text is read back from where it ends, one character at a time, as `keyWords` splits a key name
// into words: each character's reading and its part in a word are looked up once, and reading back stops as soon
// as what has been read ends no term. So a text pays for a character only where a term could end, and a hostile one
// with an operator every few characters pays a step or two for each.
const IGNORED = 0; // invisible characters and marks: read away, they split nothing
const STOP = 1; // anything but a letter, a digit or a separator: the key does not reach past it
const SEPARATOR = 2; // between the words of one key: `_`, `-`, `.`, a space
const UNSPACED = 3; // a character of a script written without spaces is a word of its own
const UPPER = 4;
const LOWER = 5;
const LETTER = 6; // a letter without case: Arabic, Hebrew, Devanagari…
const DIGIT = 7;

interface CharReading {
  readonly read: string;
  readonly role: number;
}

const SEPARATORS = /^[ \t_.-]$/;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UPPER_CASE = /^\p{Lu}/u;
const LOWER_CASE = /^\p{Ll}/u;
const DIGIT_FIRST = /^\p{N}/u;
/** The regular expressions reading a key back runs, for the linear-time test. */
export const ENDING_PATTERNS: readonly RegExp[] = [
  SEPARATORS,
  NOT_LETTER_OR_DIGIT,
  LETTER_OR_DIGIT,
  UPPER_CASE,
  LOWER_CASE,
  DIGIT_FIRST,
];

function readChar(char: string): CharReading {
  const bare = unfolded(char);
  if (bare === "") return { read: "", role: IGNORED };
  if (SEPARATORS.test(bare)) return { read: "", role: SEPARATOR };
  if (!LETTER_OR_DIGIT.test(bare)) return { read: "", role: STOP };
  const read = readUnfolded(bare.replace(NOT_LETTER_OR_DIGIT, ""));
  if (UNSPACED_CHAR.test(bare)) return { read, role: UNSPACED };
  if (DIGIT_FIRST.test(bare)) return { read, role: DIGIT };
  if (UPPER_CASE.test(bare)) return { read, role: UPPER };
  return { read, role: LOWER_CASE.test(bare) ? LOWER : LETTER };
}

// Bounded, as the decoded view's readings are: past it, characters are read as they come.
const MAX_READINGS = 4096;
const readings = new Map<number, CharReading>();
function readingOf(code: number, text: string, at: number, width: number): CharReading {
  const known = readings.get(code);
  if (known !== undefined) return known;
  const reading = readChar(text.slice(at, at + width));
  if (readings.size < MAX_READINGS) readings.set(code, reading);
  return reading;
}

/** Whether a word starts at a character of role `role`, after one of role `before` and before one of role `after`. */
function startsWord(before: number, role: number, after: number): boolean {
  if (before === STOP || before === SEPARATOR || before === UNSPACED || role === UNSPACED) return true;
  if ((before === DIGIT) !== (role === DIGIT)) return true; // `a1`, `1a`
  if (role !== UPPER) return false;
  return before === LOWER || before === DIGIT || (before === UPPER && after === LOWER); // `aB`, `1A`, `ABc`
}

// The terms' readings from their last character back, one node per character read: reading back follows it and
// stops at the first character that ends no term from there (no string is built to look up).
interface Node {
  readonly next: Map<string, Node>;
  term?: string;
  suffix?: string;
}
const newNode = (): Node => ({ next: new Map() });
const ROOT = newNode();
function nodeFor(read: string): Node {
  let node = ROOT;
  for (let at = read.length - 1; at >= 0; at--) {
    const unit = read.charAt(at);
    let next = node.next.get(unit);
    if (next === undefined) {
      next = newNode();
      node.next.set(unit, next);
    }
    node = next;
  }
  return node;
}
for (const [read, kind] of TERMS) nodeFor(read).term = kind;
for (const [read, kind] of SUFFIXES) nodeFor(read).suffix = kind;

/** The node reached from `node` by reading `read` back, or `undefined` where no term ends so. */
function back(node: Node, read: string): Node | undefined {
  let at: Node | undefined = node;
  for (let unit = read.length - 1; unit >= 0 && at !== undefined; unit--) at = at.next.get(read.charAt(unit));
  return at;
}

/**
 * The secret-key term that ends at `end` in `text`, read back no further than `lowest`: a key inside free text,
 * where the words before it are prose (`мой пароль`, `ログインのパスワード`, `كلمة المرور`, `the 비밀번호`). As in a key
 * name, a term starts a word (or is a glued suffix: `новыйпароль`), may span words (`пар_оль`), and is read with
 * case, look-alike letters and invisible characters folded away. Unlike a key name, a term followed by more words
 * does not count (`пароль от почты`, `パスワードの長さ`): in prose, those say something about it.
 *
 * @example
 * ```ts
 * secretKeyEnding("мой пароль: x", 10, 0); // { kind: "password", start: 4 }
 * secretKeyEnding("パスワードポリシー：x", 9, 0); // undefined
 * ```
 */
export function secretKeyEnding(
  text: string,
  end: number,
  lowest: number,
): { kind: string; start: number } | undefined {
  let kind: string | undefined;
  let start = -1;
  let node: Node | undefined = ROOT;
  // The letter read last, whose word start is known once the character before it is: its place, role and the role
  // after it, what the stretch from it reads as (a term, a glued suffix), and whether a word starts inside it.
  let pending = -1;
  let pendingRole = STOP;
  let pendingAfter = STOP;
  let term: string | undefined;
  let suffix: string | undefined;
  let inside = false;
  let after = STOP;
  for (let at = end; at > lowest || pending >= 0; ) {
    let role = STOP;
    let read = "";
    if (at > lowest) {
      let width = 1;
      let code = text.charCodeAt(at - 1);
      if (code >= 0xdc00 && code <= 0xdfff && at - 2 >= lowest) {
        const high = text.charCodeAt(at - 2);
        if (high >= 0xd800 && high <= 0xdbff) {
          code = (high - 0xd800) * 0x400 + (code - 0xdc00) + 0x10000;
          width = 2;
        }
      }
      at -= width;
      const reading = readingOf(code, text, at, width);
      role = reading.role;
      read = reading.read;
      if (role === IGNORED) continue;
    }
    if (pending >= 0) {
      const starts = startsWord(role, pendingRole, pendingAfter);
      const read = starts ? term : inside ? undefined : suffix;
      if (read !== undefined) {
        kind = read;
        start = pending;
      }
      inside ||= starts;
      pending = -1;
    }
    if (role === STOP) break;
    if (role !== SEPARATOR) {
      node = back(node, read);
      if (node === undefined) break;
      pending = at;
      pendingRole = role;
      pendingAfter = after;
      term = node.term;
      suffix = node.suffix;
    }
    after = role;
  }
  return kind === undefined ? undefined : { kind, start };
}
