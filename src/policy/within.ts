import { posix } from "node:path";
import { rememberLast } from "../internal/remember-last.js";
import {
  canonicalCaseless,
  canonicalCaselessIgnoring,
  compatibleCaseless,
  compatibleCaselessIgnoring,
  upperCased,
  withoutIgnorable,
  withoutIgnorables,
} from "./case-fold.js";
import { loose } from "./loose.js";
import { DEVICE_NAME, windowsNames } from "./windows-names.js";

const MAX_DECODE_ROUNDS = 4;
const ESCAPE = /%[0-9a-f]{2}/i;
// An escape that decodes to a separator, a dot or NUL changes which segments a path has depending on who reads
// it (a POSIX tool sees `a%2fb` as one name, a URL decoder as two): such a value is undecided.
const STRUCTURAL_ESCAPE = /%(?:2f|5c|2e|00)/i;

// Normalising reorders a run of combining marks in quadratic time, and no name holds more than 30 in a row
// (UAX #15's stream-safe limit): a longer run is undecided. Four characters are letters until NFKC makes them
// combining marks (half-width `ﾞ` is U+3099).
// Invisibles between the marks do not end a run: NFKC_Casefold drops them, then normalises the run.
const LONG_MARK_RUN = /[\p{M}\u0e33\u0eb3\uff9e\uff9f]{31}/u;
const longMarkRun = (text: string) => {
  if (LONG_MARK_RUN.test(text)) return true;
  const stripped = withoutIgnorables(text);
  return stripped !== text && LONG_MARK_RUN.test(stripped);
};

/**
 * Every text a tool might take the value for: as written, and after each round of percent-decoding, at most
 * `rounds` of them.
 */
function spellings(value: string, rounds: number): string[] | undefined {
  const found = [value];
  let current = value;
  for (let round = 0; round < rounds; round++) {
    if (!current.includes("%")) return found;
    if (STRUCTURAL_ESCAPE.test(current) || !ESCAPE.test(current)) return undefined;
    try {
      current = decodeURIComponent(current);
    } catch {
      return undefined; // malformed: no one can say what it names
    }
    if (longMarkRun(current)) return undefined;
    found.push(current);
  }
  return current.includes("%") ? undefined : found;
}

const asWritten = (text: string) => text;

/**
 * One way a tool or file system may read a path. `alike`: text it reads as another reading does (the text as
 * written, lower-cased, or a fold without its last step), so on a value that is alike, with bases that are, it
 * is not computed.
 */
export interface PathFold {
  readonly read: (text: string) => string;
  readonly alike?: (text: string) => boolean;
}

const ASCII = /^[\0-\x7f]*$/;
const NO_CAPITALS = /^[^A-Z]*$/;
/** ASCII with no escape: text whose only spelling is itself, and which the folds `alike` it read alike. */
const isPlain = rememberLast((text) => ASCII.test(text) && !text.includes("%"));
// ASCII is its own NFKC form; other text is normalised once for the two readings that need it.
const compatible = rememberLast((text) => (ASCII.test(text) ? text : text.normalize("NFKC")));

/**
 * How else a tool or file system may read a path, each a reading of its own beside the text as written: case
 * folded (a case-insensitive file system that does not normalise opens `/Data/．．` inside `/data`), normalised
 * (an application that applies NFKC opens `/data/．．/∕` as `/∕`), both, and loosely (look-alikes, invisibles);
 * and as file systems fold case, which is not `toLowerCase`: in full, normalised canonically (APFS opens
 * `/data/ſecret/．．` inside `/data/secret`) or compatibly, each with and without default-ignorable code points
 * (`ß\u200dh` is `ssh` to ext4 casefolding before Linux 6.12), and upper-cased (NTFS opens `/data/confıg` as
 * `/data/config`). A fold that merges two of them reads a path only one tool opens, so each combination is its own.
 */
export const PATH_FOLDS: readonly PathFold[] = [
  // Plain text a fold leaves as it is decides as written: folding it is the one cost of such a reading.
  { read: (text) => text.toLowerCase(), alike: (text) => isPlain(text) && NO_CAPITALS.test(text) },
  // On plain ASCII, normalising does nothing and folding in full lower-cases.
  { read: compatible, alike: isPlain },
  { read: (text) => compatible(text).toLowerCase(), alike: isPlain },
  // Loosely, ASCII loses its control characters and the spaces around it.
  { read: loose, alike: (text) => isPlain(text) && loose(text) === text },
  { read: canonicalCaseless, alike: isPlain },
  { read: compatibleCaseless, alike: isPlain },
  // Both without the invisible code points that ext4 casefolding (before Linux 6.12) and NFKC_Casefold drop:
  // text with none (no fold makes one) and no escape (which could decode to one) reads as with them.
  { read: canonicalCaselessIgnoring, alike: withoutIgnorable },
  { read: compatibleCaselessIgnoring, alike: withoutIgnorable },
  // Upper-casing ASCII tells apart and equates the names lower-casing does.
  { read: upperCased, alike: isPlain },
];

/**
 * The absolute paths a value can name, resolved exactly as Node's `path.resolve` resolves them on POSIX
 * (`.`, `..`, repeated slashes), and with its names as Win32 reads them (`secret. ` and `secret::$DATA` are
 * `secret`). `undefined` — undecided — when the value could be read in ways that name different places: a
 * leading `//` (a UNC share), relative paths (a tool resolves them from its own working directory), URLs, `~`,
 * drive letters, backslashes, NUL, encoded separators or dots, malformed or endlessly nested percent-encoding,
 * 8.3 short names and names Win32 reads as nothing. Symbolic links are not followed (see `realpath`). A `fold`
 * (case, look-alikes) reads each spelling after it is decoded, as a case-insensitive file system reads `%41`
 * as `a`, and a folded spelling is decoded too, as a tool that normalises first reads `％２ｆ` as `/` (and one
 * that decodes, normalises and decodes again reads `%EF%BC%852f` so). A run of more than 30 combining marks
 * (invisibles between them not counted) is undecided.
 */
export function pathReadings(value: string, fold: (text: string) => string = asWritten): string[] | undefined {
  if (longMarkRun(value)) return undefined;
  return decodedReadings(value, fold, MAX_DECODE_ROUNDS);
}

// Exactly two leading slashes: implementation-defined on POSIX, a UNC share (`//host/share`) on Windows, Cygwin
// and SMB clients, where `path.resolve`'s `/host/share` is another place. Three or more are one slash.
const SLASH = 0x2f;
const BACKSLASH_OR_NUL = /[\\\0]/;
const undecidable = (text: string) =>
  text.charCodeAt(0) !== SLASH ||
  (text.charCodeAt(1) === SLASH && text.charCodeAt(2) !== SLASH) ||
  BACKSLASH_OR_NUL.test(text);

// Nothing any check looks for: no backslash, NUL, space, colon or tilde, no repeated slash, no name starting
// or ending with a dot, no trailing slash, no device name. Such an absolute path is decided, resolved and
// read by Win32 as it is.
const MAY_DIFFER = /[\\\0 :~]|\/[/.]|\.(?:\/|$)|\/$/;
const plain = (path: string) => path.charCodeAt(0) === SLASH && !MAY_DIFFER.test(path) && !DEVICE_NAME.test(path);

function decodedReadings(value: string, fold: (text: string) => string, rounds: number): string[] | undefined {
  if (undecidable(value)) return undefined;
  const found = spellings(value, rounds);
  if (found === undefined) return undefined;
  const paths: string[] = [];
  for (let round = 0; round < found.length; round++) {
    const spelling = found[round] as string;
    const folded = fold(spelling);
    if (folded !== spelling && folded.includes("%")) {
      // Folding made an escape (`％2e` is `%2e` once normalised, a dot once decoded): the folded text's own
      // spellings are read too, as a tool that decodes, folds and decodes again reads them, from the rounds
      // left (at least one less, so that a fold that makes escapes anew cannot read on forever).
      const refolded = decodedReadings(folded, fold, rounds - Math.max(round, 1));
      if (refolded === undefined) return undefined;
      paths.push(...refolded);
    }
    if (plain(folded)) {
      paths.push(folded);
      continue;
    }
    if (undecidable(folded)) return undefined;
    // As Win32 reads the names, once folded (an application that normalises hands `．` to Win32 as `.`).
    const windows = windowsNames(folded);
    if (windows === undefined) return undefined;
    paths.push(resolved(folded));
    if (windows !== folded) paths.push(resolved(windows));
  }
  return paths;
}

// A path is resolved once for the readings that read it alike.
const resolved = rememberLast((path) => posix.resolve(path));

/** Normalises a policy base path once, at compile time, to end with `/`. */
export function normalizeBase(base: string): string {
  const resolved = posix.resolve(base);
  return resolved.endsWith("/") ? resolved : `${resolved}/`;
}

const inside = (base: string, path: string) => path === base.slice(0, -1) || path.startsWith(base);

/** Whether an already resolved absolute path is one of the (normalised) bases or inside one. */
export const insideAny = (bases: readonly string[], path: string): boolean => bases.some((base) => inside(base, path));

/**
 * Whether every path the value can name (read through `fold`, when given) is inside one of the (normalised) bases: `true` when all are,
 * `false` when none is, `undefined` when the readings disagree or the value is undecided.
 */
export function isWithin(
  bases: readonly string[],
  value: string,
  fold?: (text: string) => string,
): boolean | undefined {
  const readings = pathReadings(value, fold);
  if (readings === undefined) return undefined;
  let verdict: boolean | undefined;
  for (const path of readings) {
    const one = insideAny(bases, path);
    if (verdict !== undefined && verdict !== one) return undefined;
    verdict = one;
  }
  return verdict;
}
