import { type Family, type Hit, RANK } from "../hits.js";
import { ENDING_PATTERNS, secretKeyEnding } from "../key-ending.js";
import { isAscii } from "../key-words.js";
import { particleValueExtent, takenEnd, valueExtent } from "./value-extent.js";

// `мой пароль: hunter2`, `كلمة المرور=…`, `{"пароль": "…"}`, `ログインのパスワード：…`, `密码是 …`: a key written in another
// script inside free text, where the assignment format reads only Latin names. The key is read back from the
// operator (a quote and the spaces before it skipped, as in `"key": value`), and counts when a secret-key term ends
// right there: what comes before it is prose (`мой`, `ログインの`), and a term followed by more words is talked
// about, not assigned (`パスワードの長さ：12`). Scripts written without spaces also say "is" with a particle (`は`,
// `是`, `为`, `는`, `คือ`) where others put a colon; full-width `：` and `＝` are a colon and `=`. As in the assignment
// format, arrows (`->`, `→`, `⇒`), `!=`, a tab between columns, and a dash (`пароль — …`: in Russian the dash says
// "is", so a word of the prose's own script after it is prose: `Пароль — это …`).
const OPERATOR = /[:=：＝は是为為는은→⇒—–\t]|->|!==?|คือ/g;
// `:=` and `=>` are operators too: the character after `:` or `=` that makes one.
const SECOND: Readonly<Record<string, string>> = { ":": "=", "=": ">" };
const PARTICLES: ReadonlySet<string> = new Set(["は", "是", "为", "為", "는", "은", "คือ"]);
const COLONS: ReadonlySet<string> = new Set([":", "："]);
const DASHES: ReadonlySet<string> = new Set(["—", "–"]);
// The operators only this format reads: after a Latin key, the others are the assignment format's.
const SCRIPT_OPERATORS: ReadonlySet<string> = new Set(["：", "＝", ...PARTICLES]);
// A tab followed by another operator only aligns it (`пароль\t: …`): the operator after it is the one.
const AFTER_TAB = /^[ \t]{0,16}[:=：＝→⇒—–!-]/;
// Compared by code, not by a pattern: these are looked at around every operator.
const isGap = (code: number) => code === 0x20 || code === 0x09 || code === 0x3000;
const isQuote = (code: number) => code === 0x22 || code === 0x27 || code === 0x60;
// Longer than any term, invisible characters and separators inside it included; reading back stops there, or where
// the last operator ended.
const MAX_KEY = 64;
const MAX_GAP = 16;
// Shorter after a dash is prose or a count (`пароль — 12 символов`).
const MIN_AFTER_DASH = 4;

const CLOSING_BRACKETS: Readonly<Record<string, string>> = { ")": "(", "]": "[", "）": "（", "】": "【" };
const MAX_NOTE = 32;

/** Where a note in brackets ending at `end` (`пароль (основной):`, `パスワード（本番）：`) starts, or `end` if none. */
function noteStart(text: string, end: number, floor: number): number {
  const open = CLOSING_BRACKETS[text.charAt(end - 1)];
  if (open === undefined) return end;
  for (let at = end - 2; at >= floor && at >= end - 2 - MAX_NOTE; at--) {
    const char = text.charAt(at);
    if (char === open) return at;
    if (char === "\n" || CLOSING_BRACKETS[char] !== undefined) return end;
  }
  return end;
}

const CLOSING_TAG = /^<\/[A-Za-z][A-Za-z0-9]{0,9}>$/;
const MAX_TAG = 13; // `</strong>` and a little more

/** Where closing emphasis or code ending at `end` (`**пароль**`, `` `пароль` ``, `<b>パスワード</b>`) starts. */
function markupStart(text: string, end: number, floor: number): number {
  let start = end;
  while (start > floor && end - start < 3 && text.charAt(start - 1) === "*") start--;
  if (start === end && start > floor && text.charAt(start - 1) === "`") start--;
  if (start === end && text.charAt(end - 1) === ">") {
    // Read back a dozen characters at most: a text of `>：` repeated pays a step per operator, not a search.
    const open = text.slice(Math.max(floor, end - MAX_TAG), end).lastIndexOf("</");
    if (open >= 0) {
      const at = Math.max(floor, end - MAX_TAG) + open;
      if (CLOSING_TAG.test(text.slice(at, end))) start = at;
    }
  }
  return start;
}
const skipGaps = (text: string, end: number, floor: number) => {
  let at = end;
  for (let gap = 0; gap < MAX_GAP && at > floor && isGap(text.charCodeAt(at - 1)); gap++) at--;
  return at;
};

/**
 * Where the key before the operator at `at` ends: the spaces, a quote (`"key": value`), a note in brackets and
 * closing markup skipped, as a model writes `**пароль** (основной): …`.
 */
function keyEnd(text: string, at: number, floor: number): number {
  let end = skipGaps(text, at, floor);
  if (end > floor && isQuote(text.charCodeAt(end - 1))) {
    end--;
    for (let escapes = 0; escapes < 3 && end > floor && text.charAt(end - 1) === "\\"; escapes++) end--;
  }
  const note = noteStart(text, end, floor);
  if (note < end) end = skipGaps(text, note, floor);
  return markupStart(text, end, floor);
}

function valueAfter(text: string, operator: string, at: number, kind: string) {
  let start = at + operator.length;
  for (let gap = 0; gap < MAX_GAP && isGap(text.charCodeAt(start)); gap++) start++;
  if (PARTICLES.has(operator)) return particleValueExtent(text, start);
  const value = valueExtent(text, start, kind, COLONS.has(operator) ? ":" : "=");
  if (value === undefined || !DASHES.has(operator)) return value;
  const word = text.slice(value.start, value.end);
  return word.length >= MIN_AFTER_DASH && isAscii(word) ? value : undefined;
}

function scan(text: string, hits: Hit[]): void {
  OPERATOR.lastIndex = 0;
  let floor = 0;
  for (let match = OPERATOR.exec(text); match !== null; match = OPERATOR.exec(text)) {
    let operator = match[0];
    if (SECOND[operator] !== undefined && text.charAt(match.index + 1) === SECOND[operator]) {
      operator += SECOND[operator];
      OPERATOR.lastIndex++;
    }
    if (operator === "\t" && AFTER_TAB.test(text.slice(match.index + 1, match.index + 1 + MAX_GAP + 1))) continue;
    const from = floor;
    floor = match.index + operator.length;
    const end = keyEnd(text, match.index, from);
    const key = secretKeyEnding(text, end, Math.max(from, end - MAX_KEY));
    // A Latin key before `:`, `=` and the other operators of both formats is the assignment format's.
    if (key === undefined || (!SCRIPT_OPERATORS.has(operator) && isAscii(text.slice(key.start, end)))) continue;
    const value = valueAfter(text, operator, match.index, key.kind);
    if (value === undefined) continue;
    const valueEnd = takenEnd(text, value);
    hits.push({ start: value.start, end: valueEnd, kind: key.kind, rank: RANK.keyName });
    OPERATOR.lastIndex = Math.max(OPERATOR.lastIndex, valueEnd);
    floor = Math.max(floor, valueEnd);
  }
}

/** Values assigned to secret-looking names of other scripts inside a text: `пароль: …`, `密码是 …`, `パスワード：…`. */
export const scriptAssignmentFamily: Family = {
  name: "script-assignment",
  minLength: 4,
  outsideAscii: true,
  patterns: [OPERATOR, CLOSING_TAG, AFTER_TAB, ...ENDING_PATTERNS],
  find(text: string, hits: Hit[]): void {
    if (!isAscii(text)) scan(text, hits);
  },
};
