import { type Family, type Hit, RANK } from "../hits.js";

// Issuer prefixes (IIN ranges) and lengths of the major networks: Visa, Mastercard, Amex, Discover, Diners,
// JCB, UnionPay, Mir, Maestro, RuPay. A Luhn check alone would pass one 16-digit number in ten.
const ANY = [13, 14, 15, 16, 17, 18, 19];
const IIN: readonly (readonly [from: string, to: string, lengths: readonly number[]])[] = [
  ["4", "4", [13, 16, 19]],
  ["51", "55", [16]],
  ["2221", "2720", [16]],
  ["34", "34", [15]],
  ["37", "37", [15]],
  ["6011", "6011", ANY.slice(3)],
  ["644", "649", ANY.slice(3)],
  ["65", "65", ANY.slice(3)],
  ["300", "305", ANY.slice(1)],
  ["36", "36", ANY.slice(1)],
  ["38", "39", ANY.slice(3)],
  ["3528", "3589", ANY.slice(3)],
  ["62", "62", ANY.slice(3)],
  ["2200", "2204", ANY.slice(3)],
  ["50", "50", ANY],
  ["56", "58", ANY],
  ["6304", "6304", ANY],
  ["6759", "6759", ANY],
  ["6761", "6763", ANY],
  ["60", "60", [16]],
  ["81", "82", [16]],
];
const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

const isDigit = (code: number) => code >= 48 && code <= 57;
const isLetter = (code: number) => (code | 32) >= 97 && (code | 32) <= 122;

/** The Luhn (mod 10) check digit test. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The lengths an issuer gives numbers starting with these digits (none: no issuer uses the prefix). */
function issuedLengths(digits: string): number[] {
  const lengths: number[] = [];
  for (const [from, to, allowed] of IIN) {
    const prefix = digits.slice(0, from.length);
    if (prefix.length === from.length && prefix >= from && prefix <= to) lengths.push(...allowed);
  }
  return lengths;
}

/**
 * Whether a digit string is a plausible card number: an issuer's prefix and length, and a Luhn check digit.
 *
 * @example
 * ```ts
 * isCardNumber("4111111111111111"); // true
 * isCardNumber("4111111111111112"); // false
 * ```
 */
export const isCardNumber = (digits: string): boolean =>
  issuedLengths(digits).includes(digits.length) && passesLuhn(digits);

/** The digit groups of a run joined by single spaces or dashes ("4111 1111 1111 1111"): [start, end) each. */
function groupsAt(text: string, start: number): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let at = start; ; ) {
    let end = at;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    starts.push(at);
    ends.push(end);
    const separator = text.charAt(end);
    if ((separator !== " " && separator !== "-") || !isDigit(text.charCodeAt(end + 1))) return { starts, ends };
    at = end + 1;
  }
}

/**
 * The last group of the longest card that starts at group `first`, or -1. Printed cards are grouped in fours
 * to sixes ("4111 1111 1111 1111", "3782 822463 10005") with a shorter group only at the end, so a window
 * spans at most five groups: a few Luhn checks per group, linear overall.
 */
function cardFrom(text: string, starts: readonly number[], ends: readonly number[], first: number): number {
  const firstLength = (ends[first] ?? 0) - (starts[first] ?? 0);
  if (firstLength >= MIN_DIGITS) {
    return firstLength <= MAX_DIGITS && isCardNumber(text.slice(starts[first], ends[first])) ? first : -1;
  }
  if (firstLength < 4) return -1;
  const candidates: number[] = [];
  let count = 0;
  for (let last = first; last < starts.length; last++) {
    const length = (ends[last] ?? 0) - (starts[last] ?? 0);
    if (length > 6) break;
    count += length;
    if (count > MAX_DIGITS) break;
    if (count >= MIN_DIGITS) candidates.push(last);
    if (length < 4) break;
  }
  for (let k = candidates.length - 1; k >= 0; k--) {
    const last = candidates[k] ?? first;
    if (isCardNumber(groupDigits(text, starts, ends, first, last))) return last;
  }
  return -1;
}

function groupDigits(text: string, starts: readonly number[], ends: readonly number[], first: number, last: number) {
  let digits = "";
  for (let group = first; group <= last; group++) digits += text.slice(starts[group], ends[group]);
  return digits;
}

/**
 * Card numbers, bare or grouped, anywhere in a text: "4111111111111111", "4111 1111 1111 1111",
 * "order 12 4111-1111-1111-1111" (a window may start at any group).
 */
export const cardFamily: Family = {
  name: "card-number",
  minLength: MIN_DIGITS,
  patterns: [],
  find(text: string, hits: Hit[]): void {
    for (let i = 0; i < text.length; i++) {
      if (!isDigit(text.charCodeAt(i)) || isDigit(text.charCodeAt(i - 1))) continue;
      const { starts, ends } = groupsAt(text, i);
      // Digits glued to letters belong to an identifier (a UUID's "8a655462-0003-1000-8000-…"), not a card.
      const gluedBefore = isLetter(text.charCodeAt(i - 1));
      const gluedAfter = isLetter(text.charCodeAt(ends[ends.length - 1] ?? 0));
      for (let first = gluedBefore ? 1 : 0; first < starts.length; first++) {
        const last = cardFrom(text, starts, ends, first);
        if (last < 0 || (gluedAfter && last === starts.length - 1)) continue;
        hits.push({ start: starts[first] ?? 0, end: ends[last] ?? 0, kind: "card-number", rank: RANK.format });
        first = last;
      }
      i = (ends[ends.length - 1] ?? i + 1) - 1;
    }
  },
};
