// What a name, id or key may contain. Text an agent, a model or a policy author chose ends up in decisions,
// spans, terminals and logs, and is compared against policy text: it must read one way only.

// Controls, format characters (zero-width, bidi overrides and isolates, BOM, soft hyphen), line and paragraph
// separators, private-use and unassigned code points, lone surrogates, every space but U+0020, and what Unicode lists
// as invisible by default (Hangul fillers, variation selectors, the combining grapheme joiner: `관리자\u1160` showed
// as `관리자`).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{DI}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/u;

// Letters from two of these scripts in one identifier are how look-alikes are made ("раyments" with a
// Cyrillic р and а); real names keep to one (Han with Hiragana, Katakana or Hangul is one writing system).
const SCRIPTS = [
  /\p{Script=Latin}/u,
  /\p{Script=Greek}/u,
  /\p{Script=Cyrillic}/u,
  /\p{Script=Armenian}/u,
  /\p{Script=Hebrew}/u,
  /\p{Script=Arabic}/u,
  /\p{Script=Cherokee}/u,
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u,
] as const;
const LETTER = /\p{L}/u;

const LINE_BREAKS = new Set(["\t", "\n", "\r"]);

/**
 * Why a free text (a description, a value to compare with) hides part of itself — an invisible, control or
 * bidi character, or a space other than U+0020; tabs and line breaks are allowed — or `undefined`.
 */
export function hiddenCharacter(value: string): string | undefined {
  for (const match of value.matchAll(new RegExp(INVISIBLE, "gu"))) {
    if (LINE_BREAKS.has(match[0])) continue;
    const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
    return `contains an invisible, control or bidi character (U+${code} at index ${match.index})`;
  }
  return undefined;
}

/**
 * Why `value` cannot be read unambiguously as a name, id or key — invisible or bidi characters, spaces
 * other than U+0020, leading or trailing space, or letters of two scripts — or `undefined` when it can.
 */
export function unreadable(value: string): string | undefined {
  const invisible = INVISIBLE.exec(value);
  if (invisible) {
    const code = (invisible[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
    return `contains an invisible, control or bidi character (U+${code} at index ${invisible.index})`;
  }
  if (value.trim() !== value) return "starts or ends with a space";
  let script = -1;
  for (const char of value) {
    if (char.charCodeAt(0) < 0x80 && !/[a-zA-Z]/.test(char)) continue;
    if (!LETTER.test(char)) continue;
    const own = SCRIPTS.findIndex((pattern) => pattern.test(char));
    if (own === -1) continue;
    if (script !== -1 && own !== script) return "mixes letters of different scripts (a look-alike of another name)";
    script = own;
  }
  return undefined;
}
