import { type Family, type Hit, RANK } from "../hits.js";
import { secretKeyEnding } from "../key-ending.js";
import { KEY_PATTERNS, secretKeyKind } from "../keys.js";
import { VALUE_PATTERNS, valueExtent } from "./value-extent.js";

// `key = value`, `key: value`, `"key": "value"`, `key := value`, `key => value`, also with JSON-escaped quotes
// (`{\"password\":\"…\"}`): .env files, YAML, headers, query strings, connection strings, JSON inside a string.
// A key starts at a word boundary not inside a dotted or dashed name ("x-api-key" is one key; "--password" is
// a key after a flag's dashes), so each character is read by one attempt at most; and not right after "://",
// where "user:" is a URL's userinfo (its password is the url-password format's). Between key and operator, as a
// model writes them: closing emphasis or code (`**Password**:`, `` `password`: ``, `<b>password</b>:`) and a note in
// brackets (`password (main):`); spaces that align a column (`password      = …`); `==` compares (`password == '…'`).
const ASSIGNMENT =
  /\b(?<!\.|[A-Za-z0-9_]-|:\/\/)([A-Za-z_][A-Za-z0-9_.-]{0,63})(?:\*{1,3}|`|<\/[A-Za-z][A-Za-z0-9]{0,9}>)?(?:[ \t]{1,4}[([][^()[\]\n]{1,32}[)\]])?(?:\\{0,3}["'])?[ \t]{0,16}(:=|=>|={1,3}|:)[ \t]{0,16}/g;
// `--password hunter2`: a flag and its argument.
const FLAG = /(?<![A-Za-z0-9_.-])--([A-Za-z][A-Za-z0-9_.-]{0,63})[ \t]{1,4}(?=[^\s-])/g;

// Most keys of several words are glued (`api_key`); in prose they are spaced (`API key: …`, `mot de passe: …`), and
// the pattern takes only the last word: a term that ends with it, read back over the words before, is the key.
const MAX_KEY = 64;
function spacedKeyKind(text: string, at: number, length: number): string | undefined {
  const before = text.charAt(at - 1);
  if (before !== " " && before !== "\t") return undefined;
  const end = at + length;
  return secretKeyEnding(text, end, Math.max(0, end - MAX_KEY))?.kind;
}

function scan(pattern: RegExp, text: string, hits: Hit[]): void {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const key = match[1] ?? "";
    const kind = secretKeyKind(key) ?? spacedKeyKind(text, match.index, key.length);
    if (kind === undefined) continue;
    const operator = match[2] ?? "=";
    const value = valueExtent(text, match.index + match[0].length, kind, operator);
    if (value === undefined) continue;
    hits.push({ start: value.start, end: value.end, kind, rank: RANK.keyName });
    pattern.lastIndex = Math.max(pattern.lastIndex, value.end);
  }
}

/** Values assigned to secret-looking names inside a text: `DB_PASSWORD=…`, `Authorization: …`, `?token=…`. */
export const assignmentFamily: Family = {
  name: "assignment",
  minLength: 4,
  patterns: [ASSIGNMENT, FLAG, ...KEY_PATTERNS, ...VALUE_PATTERNS],
  find(text: string, hits: Hit[]): void {
    if (text.includes("=") || text.includes(":")) scan(ASSIGNMENT, text, hits);
    if (text.includes("--")) scan(FLAG, text, hits);
  },
};
