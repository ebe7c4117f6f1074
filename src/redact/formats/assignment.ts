import { type Family, type Hit, RANK } from "../hits.js";
import { secretKeyEnding } from "../key-ending.js";
import { KEY_PATTERNS, secretKeyKind } from "../keys.js";
import { looksSecret } from "./secret-shape.js";
import { takenEnd, VALUE_PATTERNS, valueExtent } from "./value-extent.js";

// `key = value`, `key: value`, `"key": "value"`, `key := value`, `key => value`, also with JSON-escaped quotes
// (`{\"password\":\"…\"}`): .env files, YAML, headers, query strings, connection strings, JSON inside a string.
// A key starts at a word boundary not inside a dotted or dashed name ("x-api-key" is one key; "--password" is
// a key after a flag's dashes), so each character is read by one attempt at most; and not right after "://",
// where "user:" is a URL's userinfo (its password is the url-password format's). Between key and operator, as a
// model writes them: closing emphasis or code (`**Password**:`, `` `password`: ``, `<b>password</b>:`) and a note in
// brackets (`password (main):`) or what it is for (`password for root:`, `… for the admin account is …`); spaces that align a column (`password      = …`); a line break before a colon, as a
// definition list has it (`Password` then `: …`). Operators beside `=` and `:`: comparisons (`==`, `!=`, `!==`),
// arrows (`->`, `→`, `⇒`), a tab between columns, a table's cell border (`| password | … |`, `</td><td>`), and in
// prose a dash or `is` (`the password is …`), where the value must look like a secret (see `looksSecret`).
const ASSIGNMENT =
  /\b(?<!\.|[A-Za-z0-9_]-|:\/\/)([A-Za-z_][A-Za-z0-9_.-]{0,63})(?:\*{1,3}|`|<\/[A-Za-z][A-Za-z0-9]{0,9}>)?(?:[ \t]{1,4}[([][^()[\]\n]{1,32}[)\]]|[ \t]{1,4}for[ \t]{1,4}[^\s:=][^\n:=]{0,40}?)?(?:\\{0,3}["'])?[ \t]{0,16}(?:\r?\n[ \t]{0,16}(?=:))?(:=|=>|->|!==?|={1,3}|:|[→⇒—–|\t]|<\/(?:t[dh]|dt)>[ \t]{0,16}<(?:td|dd)(?:[ \t][^<>\n]{0,64})?>|(?<=[ \t])(?:is|was)(?:[ \t]{1,4}now)?:?(?=[ \t]))[ \t]{0,16}/g;
// `--password hunter2`: a flag and its argument.
const FLAG = /(?<![A-Za-z0-9_.-])--([A-Za-z][A-Za-z0-9_.-]{0,63})[ \t]{1,4}(?=[^\s-])/g;
// What a text must contain for ASSIGNMENT to match: most texts have one, but a scan for it is cheap.
const ANY_OPERATOR = /[=:|\t→⇒—–>]|[ \t](?:is|was)[ \t]/;

// Most keys of several words are glued (`api_key`); in prose they are spaced (`API key: …`, `mot de passe: …`), and
// the pattern takes only the last word: a term that ends with it, read back over the words before, is the key.
const MAX_KEY = 64;
function keyOf(text: string, at: number, key: string): { kind: string; start: number } | undefined {
  const kind = secretKeyKind(key);
  if (kind !== undefined) return { kind, start: at };
  const before = text.charAt(at - 1);
  if (before !== " " && before !== "\t") return undefined;
  const end = at + key.length;
  return secretKeyEnding(text, end, Math.max(0, end - MAX_KEY));
}

// What opens the cell or line a key starts: the character before it, spaces and emphasis read back over.
const MARKUP_BEFORE = new Set([..." \t*_`"]);
const MAX_MARKUP = 8;
function openerBefore(text: string, at: number): string {
  let start = at;
  for (let read = 0; read < MAX_MARKUP && start > 0 && MARKUP_BEFORE.has(text.charAt(start - 1)); read++) start--;
  return start === 0 ? "\n" : text.charAt(start - 1);
}

// How an operator's value is read: as after `:` or `=` (see `valueExtent`), as a cell, or as a word of prose that
// must look like a secret; and what must open the key's cell or line.
const PROSE: ReadonlySet<string> = new Set(["is", "was", "—", "–"]);
const NOW = /[ \t]{1,4}now/;
const SENTENCE_END = new Set([...".:!?"]);
const WHITE_SPACE = /\s/;
function opener(operator: string, broken: boolean): string | undefined {
  if (operator === "|") return "|";
  if (operator.startsWith("</")) return ">";
  return broken ? "\n" : undefined;
}

// A word quoted after `is` is a value named (`the password is 'Hunter2'`), not prose: one word of this many
// characters is hidden whatever its shape.
const MIN_QUOTED = 4;
const QUOTES = new Set([..."\"'`"]);

/** The secret-looking word after `is` or a dash, or a quoted one; `undefined` for prose. */
function proseValue(text: string, at: number) {
  const value = valueExtent(text, at, "", "=");
  if (value === undefined) return undefined;
  const word = text.slice(value.start, value.end);
  if (QUOTES.has(text.charAt(value.start - 1)))
    return word.length >= MIN_QUOTED && !WHITE_SPACE.test(word) ? value : undefined;
  // A sentence goes on after the word: its full stop or colon is not part of it, unless the word is a secret
  // with it (`Hunter2!`, `Summer2024!`).
  if (looksSecret(word)) return value;
  while (value.end > value.start && SENTENCE_END.has(text.charAt(value.end - 1))) value.end--;
  return looksSecret(text.slice(value.start, value.end)) ? value : undefined;
}

function valueAfter(text: string, at: number, kind: string, operator: string) {
  if (PROSE.has(operator)) return proseValue(text, at);
  const cell = operator === "|" || operator.startsWith("</");
  // `the password is: …` introduces its value as a colon does.
  const colon = operator === ":" || operator.endsWith("s:");
  const value = valueExtent(text, at, kind, cell ? "|" : colon ? ":" : "=");
  // A cell of several words says something about the key (`| password | at least 12 characters |`).
  if (value === undefined || (cell && WHITE_SPACE.test(text.slice(value.start, value.end)))) return undefined;
  return value;
}

function scan(pattern: RegExp, text: string, hits: Hit[]): void {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const key = keyOf(text, match.index, match[1] ?? "");
    if (key === undefined) continue;
    // `is now` says what `is` says.
    const operator = (match[2] ?? "=").replace(NOW, "");
    const open = opener(operator, match[0].includes("\n"));
    if (open !== undefined && openerBefore(text, key.start) !== open) continue;
    const value = valueAfter(text, match.index + match[0].length, key.kind, operator);
    if (value === undefined) continue;
    const end = takenEnd(text, value);
    hits.push({ start: value.start, end, kind: key.kind, rank: RANK.keyName });
    pattern.lastIndex = Math.max(pattern.lastIndex, end);
  }
}

/** Values assigned to secret-looking names inside a text: `DB_PASSWORD=…`, `Authorization: …`, `?token=…`. */
export const assignmentFamily: Family = {
  name: "assignment",
  minLength: 4,
  patterns: [ASSIGNMENT, FLAG, ANY_OPERATOR, WHITE_SPACE, NOW, ...KEY_PATTERNS, ...VALUE_PATTERNS],
  find(text: string, hits: Hit[]): void {
    if (ANY_OPERATOR.test(text)) scan(ASSIGNMENT, text, hits);
    if (text.includes("--")) scan(FLAG, text, hits);
  },
};
