import { prototypeOf } from "./confusables.js";

// What the loose reading leaves out: default-ignorable code points (zero-width, bidi controls, soft hyphen,
// variation selectors) and control characters, which render as nothing or are dropped by many tools.
const IGNORED = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu;

// UAX #15's stream-safe format: past 30 combining marks in a row, a CGJ (U+034F, default-ignorable, so dropped
// below) starts a new run. Normalisation reorders a run in quadratic time; this keeps it linear.
const LONG_MARK_RUN = /\p{M}{30}(?=\p{M})/gu;

/** Text cut at its first NUL (as a C string is read) and made stream-safe, ready to normalise. */
const cut = (value: string) => {
  const nul = value.indexOf("\0");
  return (nul === -1 ? value : value.slice(0, nul)).replace(LONG_MARK_RUN, "$&\u034f");
};

/**
 * The loose reading without folding look-alikes: what a grant's `matches` reads loosely, since a pattern's
 * character classes (`\p{Greek}`) already say which script they accept, and cannot be folded as a text can.
 */
export const caseless = (value: string): string =>
  cut(value).normalize("NFKC").toLowerCase().replace(IGNORED, "").trim();

const NON_ASCII = /[^\0-\x7f]/gu;
const prototype = (char: string) => prototypeOf(char.codePointAt(0) ?? 0) ?? char;

function foldUnicode(value: string): string {
  const mapped = value.normalize("NFKD").toLowerCase().replace(NON_ASCII, prototype);
  // Ignorable characters go last: the CGJs that keep normalisation linear must outlive it.
  return mapped.toLowerCase().normalize("NFC").replace(IGNORED, "").trim();
}

// Printable ASCII with no capital letter and no space at either end reads the same loosely: the common case
// costs one scan and no allocation.
function alreadyLoose(value: string): boolean {
  const last = value.length - 1;
  for (let i = 0; i <= last; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || (code >= 0x41 && code <= 0x5a)) return false;
    if (code === 0x20 && (i === 0 || i === last)) return false;
  }
  return true;
}

// Enough for every value of a few decisions (inputs are capped at 1 MiB), never more: a flood of large values
// starts the memory over rather than grow it.
const MAX_REMEMBERED_CHARS = 4 * 1024 * 1024;
const SCAN_FIRST = 64;
const remembered = new Map<string, string>();
let rememberedChars = 0;

/**
 * The loose reading of a text: cut at the first NUL (as a C string is read), compatibility-normalised (NFKC:
 * full-width and ligature forms become plain ones), lower-cased, without invisible or control characters,
 * with non-ASCII look-alikes folded to what they look like (Unicode confusables: Cyrillic `р` → `p`), and
 * trimmed. Restricting comparisons hold if either reading holds; granting ones only if both do. Folded
 * texts are remembered, so one decision folds each value once however many rules read it.
 */
export function loose(value: string): string {
  // One decision reads its tool and agent names several times over (index, then each glob's own test).
  if (value === lastValue) return lastFolded;
  lastFolded = fold(value);
  lastValue = value;
  return lastFolded;
}

let lastValue = "";
let lastFolded = "";

function fold(value: string): string {
  // A short value is scanned first; a long one is looked up first, so each rule reading it costs a lookup.
  if (value.length <= SCAN_FIRST && alreadyLoose(value)) return value;
  const known = remembered.get(value);
  if (known !== undefined) return known;
  if (value.length > SCAN_FIRST && alreadyLoose(value)) return remember(value, value);
  return remember(value, foldUnicode(cut(value)));
}

function remember(value: string, folded: string): string {
  const chars = value.length + folded.length;
  if (rememberedChars + chars > MAX_REMEMBERED_CHARS) {
    remembered.clear();
    rememberedChars = 0;
  }
  if (chars <= MAX_REMEMBERED_CHARS) {
    remembered.set(value, folded);
    rememberedChars += chars;
  }
  return folded;
}
