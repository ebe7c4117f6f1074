import { lookupFolding } from "unicode-case-folding";
import { rememberLast } from "../internal/remember-last.js";

// How case-insensitive file systems compare names, which is not `toLowerCase`: APFS and ext4's casefold fold
// in full (Unicode's CaseFolding.txt, C and F: `ß` is `ss`, final `ς` is `σ`, `ﬁ` is `fi`, `ſ` is `s`) names
// they also normalise canonically (`e\u0301` is `é`); NTFS and ZFS upper-case each character, so dotless `ı`
// is `I`, which full folding keeps apart from `i`. Case folding is not in JavaScript; unicode-case-folding is
// CaseFolding.txt as a table.

const ASCII = /^[\0-\x7f]*$/;
// What may fold: ASCII capitals and anything past ASCII, looked up one by one (the rest is left as it is).
const FOLDABLE = /[A-Z]|[^\0-\x7f]/gu;
const foldOne = (char: string) => {
  const folded = lookupFolding(char.codePointAt(0) as number);
  return folded === undefined ? char : String.fromCodePoint(...folded);
};
const caseFold = (text: string) => text.replace(FOLDABLE, foldOne);

// A reading folds a value once to decode it and once to compare it: the last text folded is remembered.
const caseless = (fold: (text: string) => string) =>
  rememberLast((text) => (ASCII.test(text) ? text.toLowerCase() : fold(text)));

/**
 * Unicode's canonical caseless match (D145), `NFD(fold(NFD(text)))`: names a file system that normalises and
 * folds in full opens as one. ASCII folds as it lower-cases.
 */
export const canonicalCaseless = caseless((text) => caseFold(text.normalize("NFD")).normalize("NFD"));

/**
 * Unicode's compatibility caseless match (D146), `NFKD(fold(NFKD(fold(NFD(text)))))`: names an application that
 * normalises compatibly (NFKC) and folds in full opens as one.
 */
export const compatibleCaseless = caseless((text) =>
  caseFold(caseFold(text.normalize("NFD")).normalize("NFKD")).normalize("NFKD"),
);

/**
 * Each character upper-cased, as NTFS's upcase table and ZFS compare names. In full (`ß` is `SS`, which NTFS
 * keeps apart): that can only equate more names, which makes a deny apply to more and an allow to no more,
 * since an allow also needs the path inside as written.
 */
export const upperCased = (text: string): string => text.toUpperCase();

// Default-ignorable code points (ZERO WIDTH JOINER, soft hyphen, CGJ, bidi controls): none is ASCII.
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
/** Text without its default-ignorable code points (zero-width, soft hyphen, variation selectors…). */
export const withoutIgnorables = (text: string): string =>
  IGNORABLE.test(text) ? text.replace(DEFAULT_IGNORABLE, "") : text;

/** Text with no default-ignorable code point and no escape, which could decode to one. */
export const withoutIgnorable = (text: string): boolean => !text.includes("%") && !IGNORABLE.test(text);

/**
 * The canonical caseless match without default-ignorable code points: ext4 and f2fs casefolding mapped them
 * to nothing until Linux 6.12, so `ß\u200dh` opens `ssh` there.
 */
export const canonicalCaselessIgnoring = caseless((text) => withoutIgnorables(canonicalCaseless(text)));

/**
 * The compatibility caseless match without default-ignorable code points: Unicode's NFKC_Casefold (UAX #31's
 * identifier fold, ICU's `nfkc_cf`), which an application comparing names that way opens as one. It maps
 * each character to nothing or its fold and then normalises the whole, so marks an ignorable stood between
 * are put in canonical order (`a\u0301\u200b\u0323` is `ạ́`); a run of them is no longer than the value's
 * own without ignorables, which `within` bounds.
 */
export const compatibleCaselessIgnoring = caseless((text) => {
  const folded = compatibleCaseless(text);
  const dropped = withoutIgnorables(folded);
  return dropped === folded ? folded : dropped.normalize("NFKD");
});
