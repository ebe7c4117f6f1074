import { prototypeOf } from "../policy/confusables.js";

const NON_ASCII_CHARS = /[^\0-\x7f]/gu;
// The Arabic tatweel (kashida) only stretches the line between two letters: `كلمـة` is `كلمة`.
const IGNORABLE_OR_MARK = /[\p{Default_Ignorable_Code_Point}\p{M}\u0640]/gu;
const prototype = (char: string): string => prototypeOf(char.codePointAt(0) ?? 0) ?? char;
const unmarked = (text: string): string => text.replace(IGNORABLE_OR_MARK, "");

/**
 * Text with its compatibility forms folded (`ｐａｓｓ`, `𝐩𝐚𝐬𝐬`, half-width `ﾊﾟｽ` → `pass`, `pass`, `ハス`) and its marks
 * and invisible characters dropped, but every letter still in its own script and case: the first half of
 * {@link asRead}, for readers that must split words or change case before look-alikes are read.
 *
 * @example
 * ```ts
 * unfolded("Ｐа\u00adsś"); // "Pass" (the а is still Cyrillic)
 * ```
 */
export const unfolded = (text: string): string =>
  // Marks go before normalising too: reordering a long run of them is quadratic in the engine's normaliser.
  unmarked(unmarked(text).normalize("NFKD"));

/**
 * Each letter of another script read as the letter it looks like (Cyrillic `р`, Greek `Α`, Han `卜` for Katakana
 * `ト`), from the confusables table policy readings use: the second half of {@link asRead}.
 *
 * @example
 * ```ts
 * lookalikesRead("раss"); // "pass"
 * ```
 */
export const lookalikesRead = (text: string): string => text.replace(NON_ASCII_CHARS, prototype);

/**
 * Text as it reads: compatibility forms folded (`ｐａｓｓｗｏｒｄ`, `𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝` → `password`), accents and invisible
 * characters dropped (`pässwörd`, `PRİVATE`, a soft hyphen or a zero-width joiner inside `pa\u00adssword`) and
 * look-alike letters of other scripts read as what they look like (Cyrillic `раssword`, Greek `ΑPI_KEY`, dotless
 * `ı`), with the confusables table restricting policy readings use. Case is kept, unlike the policy's loose
 * reading: camelCase is how a key name splits into words. Folding a text is folding each of its characters.
 *
 * @example
 * ```ts
 * asRead("ｐаss\u00adwörd"); // "password"
 * ```
 */
export const asRead = (text: string): string => lookalikesRead(unfolded(text));
