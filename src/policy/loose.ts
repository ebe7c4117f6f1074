import { prototypeOf } from "./confusables.js";

// What the loose reading leaves out: default-ignorable code points (zero-width, bidi controls, soft hyphen,
// variation selectors) and control characters, which render as nothing or are dropped by many tools.
const IGNORED = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu;

function foldUnicode(value: string): string {
  const decomposed = value.normalize("NFKD").toLowerCase().replace(IGNORED, "");
  let mapped = "";
  for (const char of decomposed) {
    const code = char.codePointAt(0) ?? 0;
    mapped += code < 0x80 ? char : (prototypeOf(code) ?? char);
  }
  return mapped.toLowerCase().normalize("NFC").trim();
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

const MAX_REMEMBERED = 1024;
const remembered = new Map<string, string>();

/**
 * The loose reading of a text: cut at the first NUL (as a C string is read), compatibility-normalised (NFKC:
 * full-width and ligature forms become plain ones), lower-cased, without invisible or control characters,
 * with non-ASCII look-alikes folded to what they look like (Unicode confusables: Cyrillic `р` → `p`), and
 * trimmed. Restricting comparisons hold if either reading holds; granting ones only if both do. Folded
 * texts are remembered, so one decision folds each value once however many rules read it.
 */
export function loose(value: string): string {
  if (alreadyLoose(value)) return value;
  const known = remembered.get(value);
  if (known !== undefined) return known;
  const nul = value.indexOf("\0");
  const folded = foldUnicode(nul === -1 ? value : value.slice(0, nul));
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(value, folded);
  return folded;
}
