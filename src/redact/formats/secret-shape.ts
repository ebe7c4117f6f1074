// Prose names a secret and says what it is in words (`the password is wrong`, `too short`, `sha256-hashed`,
// `base64url-encoded`, `Summer2024 style`); only a word shaped like no word is taken for the secret itself
// (`Zq8vLm2xKp`, `sk-…`, `P@ssw0rd!`). Read by code, once per character: no pattern, and no word list to search.
const MIN_SECRET = 8;
const MAX_SECRET = 256;
// Inside a word these say password (`P@ss`, `hunter#2`); `-`, `_`, `.` and `/` also join the words of prose.
const SYMBOLS = new Set([..."!@#$%^&*+=~?"]);
// A word with a number in it changes between letters and digits once or twice (`sha256`, `base64url`, `e2e`).
const MIN_CHANGES = 3;

const LETTER = 1;
const DIGIT = 2;
function classOf(code: number): number {
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return LETTER;
  return code >= 0x30 && code <= 0x39 ? DIGIT : 0;
}
const isLower = (code: number) => code >= 0x61 && code <= 0x7a;
const isUpper = (code: number) => code >= 0x41 && code <= 0x5a;

/**
 * Whether a word looks like a secret rather than a word of prose: 8 characters or more with letters and digits,
 * and a symbol inside it, a capital right after a small letter (`vLm`; `OAuth2` and `IPv6` have none), or three
 * changes or more between letters and digits (`Zq8v…`, `Passw0rd1`).
 *
 * @example
 * ```ts
 * looksSecret("Zq8vLm2xKp"); // true
 * looksSecret("sha256-hashed"); // false
 * ```
 */
export function looksSecret(word: string): boolean {
  if (word.length < MIN_SECRET || word.length > MAX_SECRET) return false;
  let letters = false;
  let digits = false;
  let symbol = false;
  let hump = false;
  let changes = 0;
  let previous = 0;
  let previousCode = 0;
  for (let at = 0; at < word.length; at++) {
    const code = word.charCodeAt(at);
    const kind = classOf(code);
    if (kind === LETTER) letters = true;
    else if (kind === DIGIT) digits = true;
    else if (SYMBOLS.has(word.charAt(at))) symbol = true;
    if (kind !== 0 && previous !== 0 && kind !== previous) changes++;
    if (isUpper(code) && isLower(previousCode)) hump = true;
    previous = kind;
    previousCode = code;
  }
  return letters && digits && (symbol || hump || changes >= MIN_CHANGES);
}
