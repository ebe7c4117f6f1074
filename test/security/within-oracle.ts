// An oracle for `within`, written from what each reader is documented to do and without toolgate's own helpers:
// where a real tool, application or file system could take a path to be.
import { posix } from "node:path";

/** Inside by path arithmetic alone. A share, a short name and a device are inside no local base. */
export const inside = (base: string, path: string): boolean => {
  if (/^(?:share|short|device):/.test(path)) return false;
  const relative = posix.relative(base, path);
  return relative === "" || !(relative === ".." || relative.startsWith("../") || relative.startsWith("/"));
};

// Win32's reserved device names (with the superscript digits it also takes for COM and LPT). In any folder and
// with any extension (before Windows 11) the name opens the device: `nul.txt` is NUL, and so is `COM1 .log`
// once the spaces before its extension are dropped, and `aux:s` once its stream is.
const DEVICES = new Set(
  ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"].concat(
    ..."0123456789¹²³".split("").map((digit) => [`COM${digit}`, `LPT${digit}`]),
  ),
);
// Win32 compares the name upper-cased (its upcase table reads dotless `ı` as `I`).
const isDevice = (name: string) => DEVICES.has((name.split(/[.:]/)[0] ?? "").replace(/ +$/, "").toUpperCase());

// Each name as Win32 reads it: up to a colon (a stream), without the dots and spaces it ends in; a name of
// dots and spaces alone read as the parent, the reading that leaves the most.
const win32Name = (name: string) => {
  if (name === "." || name === "..") return name;
  const file = name.split(":")[0] ?? "";
  return /^[. ]+$/.test(file) ? ".." : file.replace(/[. ]+$/, "");
};
const win32Names = (path: string) => path.split("/").map(win32Name).join("/");

const decoded = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined; // a decoder that refuses it opens nothing
  }
};

/**
 * Every text an application may take the value for: any sequence of up to six steps, each URL-decoding or
 * NFKC-normalising (one that decodes, normalises and decodes again reads `%EF%BC%852e` as `％2e`, `%2e`, `.`).
 */
export function applicationTexts(value: string): string[] {
  const seen = new Set([value]);
  let frontier = [value];
  for (let step = 0; step < 6 && frontier.length > 0; step++) {
    const next: string[] = [];
    for (const text of frontier) {
      for (const read of [decoded(text), text.normalize("NFKC")]) {
        if (read === undefined || seen.has(read)) continue;
        seen.add(read);
        next.push(read);
      }
    }
    frontier = next;
  }
  return [...seen];
}

/**
 * What tools make of a value: each application text resolved by `path.resolve` from some working directory, as
 * written and with its names as Win32 reads them; a share for two leading slashes, a short name for `~digit`,
 * a device for a name Win32 opens as one.
 */
export function toolReadings(value: string): string[] {
  return applicationTexts(value)
    .flatMap((s) => [s, win32Names(s)])
    .flatMap((s) => [
      ...["/", "/srv/app", "/data", "/data/x"].map((cwd) => posix.resolve(cwd, s)),
      ...(/^\/\/(?!\/)/.test(s) ? [`share:${s}`] : []),
      ...(/~\d/.test(s) ? [`short:${s}`] : []),
      ...(s.split("/").some(isDevice) ? [`device:${s}`] : []),
    ]);
}

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
// Full case folding, approximated without a table: upper then lower case (`ß` is `ss`, `ſ` is `s`, `ﬁ` is
// `fi`, dotless `ı` is `i`, final `ς` is `σ`).
const fullFold = (text: string) => text.toUpperCase().toLowerCase();

/**
 * How case-insensitive file systems and applications compare names: lower-cased; canonically decomposed and
 * folded in full (APFS, HFS+, ext4 casefold); as ext4 and f2fs before Linux 6.12, which also map default-
 * ignorable code points to nothing after decomposing (an ignorable is a starter there: marks on either side
 * of one are not reordered across it); and NFKC_Casefold (ICU's `nfkc_cf`), which maps each character of the
 * NFD form, ignorables to nothing, and then normalises the whole again, so marks an ignorable stood between
 * are put in canonical order.
 */
export const FILE_SYSTEM_FOLDS: ((text: string) => string)[] = [
  (text) => text.toLowerCase(),
  (text) => fullFold(text.normalize("NFD")).normalize("NFD"),
  (text) => fullFold(text.normalize("NFD")).normalize("NFD").replace(IGNORABLE, ""),
  (text) => fullFold(fullFold(text.normalize("NFD").replace(IGNORABLE, "")).normalize("NFKC")).normalize("NFKC"),
];

/**
 * Values toolgate documents as undecided whatever the readers make of them: one whose application texts hold
 * more than 30 combining marks in a row (UAX #15's stream-safe limit; normalising a longer run takes time
 * quadratic in its length, so no reading of it is computed).
 */
export const undecidedByRule = (value: string): boolean =>
  applicationTexts(value).some((text) => /\p{M}{31}/u.test(text));

/**
 * Whether a base, as the file system lists its names, names another place: two leading slashes (a share) or
 * a name Win32 reads as another (a trailing dot or space, a stream, a short name) or as a device.
 */
export const baseNamesAnother = (base: string): boolean =>
  /^\/\/(?!\/)/.test(base) ||
  base.split("/").some((name) => /~\d/.test(name) || isDevice(name) || (name !== ".." && win32Name(name) !== name));
