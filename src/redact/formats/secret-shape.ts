// Prose names a secret and says what it is in words (`the password is wrong`, `too short`, `sha256-hashed`,
// `Summer2024 style`); only a word shaped like no word is taken for the secret itself (`Zq8vLm2xKp`, `sk-…`,
// `P@ssw0rd!`). Read by code, once per character: no pattern, and no word list to search.
const MIN_SECRET = 8;
const MAX_SECRET = 256;
// Inside a word these say password (`P@ss`, `hunter#2`); `-`, `_`, `.` and `/` also join the words of prose.
const SYMBOLS = new Set([..."!@#$%^&*+=~?"]);

const isUpper = (code: number) => code >= 0x41 && code <= 0x5a;
const isLower = (code: number) => code >= 0x61 && code <= 0x7a;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/**
 * Whether a word looks like a secret rather than a word of prose: 8 characters or more with letters and digits,
 * and either a symbol inside it or a shape no word with a number has (more than two runs of letters, more than one
 * of digits, or a run of letters in mixed case: `vLm`). `base64`, `sha256-hashed`, `RS256`, `Summer2024` are words.
 *
 * @example
 * ```ts
 * looksSecret("Zq8vLm2xKp"); // true
 * looksSecret("sha256-hashed"); // false
 * ```
 */
export function looksSecret(word: string): boolean {
  if (word.length < MIN_SECRET || word.length > MAX_SECRET) return false;
  let letterRuns = 0;
  let digitRuns = 0;
  let symbol = false;
  let mixedCase = false;
  // The run of letters being read: its length, its upper-case letters, whether the first is one.
  let letters = 0;
  let uppers = 0;
  let firstUpper = false;
  const endRun = () => {
    if (letters > 0 && uppers > 0 && uppers < letters && !(uppers === 1 && firstUpper)) mixedCase = true;
    letters = 0;
  };
  for (let at = 0; at < word.length; at++) {
    const code = word.charCodeAt(at);
    const upper = isUpper(code);
    if (upper || isLower(code)) {
      if (letters === 0) {
        letterRuns++;
        uppers = 0;
        firstUpper = upper;
      }
      letters++;
      if (upper) uppers++;
      continue;
    }
    endRun();
    if (isDigit(code)) {
      if (at === 0 || !isDigit(word.charCodeAt(at - 1))) digitRuns++;
    } else if (SYMBOLS.has(word.charAt(at))) symbol = true;
  }
  endRun();
  if (letterRuns === 0 || digitRuns === 0) return false;
  return symbol || mixedCase || letterRuns > 2 || digitRuns > 1;
}
