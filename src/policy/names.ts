import { printableLines } from "../internal/printable.js";
import { hiddenCharacter, unreadable } from "../internal/text.js";
import { loose } from "./loose.js";

const ASCII = /^[\x20-\x7e]*$/;

/**
 * Why a name, id, key or glob in a policy cannot be read one way only, or `undefined` when it can: it must be
 * non-empty and readable (see `unreadable`), already in NFKC form (no full-width or ligature spellings of
 * other letters), and not a look-alike of an ASCII name (`ехе` in Cyrillic reads as `exe`).
 */
export function nameProblem(value: string): string | undefined {
  if (value.trim() === "") return "must be a non-empty string";
  const problem = unreadable(value);
  if (problem) return problem;
  if (/\p{M}{31}/u.test(value)) return "stacks more than 30 combining marks on one letter";
  const plain = value.normalize("NFKC");
  if (plain !== value) return `is a compatibility spelling of ${JSON.stringify(plain)}: write it that way`;
  if (!ASCII.test(value)) {
    const folded = loose(value);
    if (ASCII.test(folded)) return `looks like the ASCII name ${JSON.stringify(folded)} but is not: write it in ASCII`;
  }
  return undefined;
}

/** Why a free text of a policy (a description, a value a condition compares with) hides part of itself. */
export const textProblem = hiddenCharacter;

/** Text for an error message, line by line: characters that would not show as themselves are written as `\u{…}`. */
export const shown = printableLines;

/** A policy text quoted for an error message, with hidden characters made visible. */
export const quoted = (text: string): string => shown(JSON.stringify(text));
