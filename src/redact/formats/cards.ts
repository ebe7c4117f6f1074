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

/** The Luhn (mod 10) check digit test. */
export function passesLuhn(digits: string): boolean {
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

/** A run of digit groups joined by single spaces or dashes ("4111 1111 1111 1111"). */
interface Sequence {
  digits: string;
  /** Per group: where it starts and ends in the text, and how many digits come before it. */
  starts: number[];
  ends: number[];
  before: number[];
}

function sequenceAt(text: string, start: number): Sequence {
  const sequence: Sequence = { digits: "", starts: [], ends: [], before: [] };
  for (let at = start; ; ) {
    let end = at;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    sequence.starts.push(at);
    sequence.ends.push(end);
    sequence.before.push(sequence.digits.length);
    sequence.digits += text.slice(at, end);
    const separator = text.charAt(end);
    if ((separator !== " " && separator !== "-") || !isDigit(text.charCodeAt(end + 1))) return sequence;
    at = end + 1;
  }
}

/** Hides the card windows of one sequence: from each group, the longest window that is a card. */
function findCards(sequence: Sequence, hits: Hit[]): void {
  const { digits, starts, ends, before } = sequence;
  const groups = starts.length;
  const of = (list: readonly number[], group: number) => list[group] ?? 0;
  const total = (first: number, last: number) =>
    of(before, last) + of(ends, last) - of(starts, last) - of(before, first);
  let reach = 0;
  for (let first = 0; first < groups; first++) {
    const offset = of(before, first);
    const lengths = issuedLengths(digits.slice(offset, offset + 6));
    if (lengths.length === 0) continue;
    // The furthest group a window from `first` can end on: it only moves right, so this is linear.
    reach = Math.max(reach, first);
    while (reach + 1 < groups && total(first, reach + 1) <= MAX_DIGITS) reach++;
    for (let last = reach; last >= first && total(first, last) >= MIN_DIGITS; last--) {
      const count = total(first, last);
      const window = digits.slice(offset, offset + count);
      if (count <= MAX_DIGITS && lengths.includes(count) && passesLuhn(window)) {
        hits.push({ start: of(starts, first), end: of(ends, last), kind: "card-number", rank: RANK.format });
        first = last;
        break;
      }
    }
  }
}

/**
 * Card numbers, bare or grouped, anywhere in a text. From each digit group, windows of consecutive groups
 * holding 13 to 19 digits are tried, longest first, so "order 12 4111 1111 1111 1111" still finds the card.
 * A window is tried only after its issuer prefix: at most seven Luhn checks per group, linear overall.
 */
export const cardFamily: Family = {
  name: "card-number",
  minLength: MIN_DIGITS,
  find(text: string, hits: Hit[]): void {
    for (let i = 0; i < text.length; i++) {
      if (!isDigit(text.charCodeAt(i)) || isDigit(text.charCodeAt(i - 1))) continue;
      const sequence = sequenceAt(text, i);
      if (sequence.digits.length >= MIN_DIGITS) findCards(sequence, hits);
      i = (sequence.ends[sequence.ends.length - 1] ?? i + 1) - 1;
    }
  },
};
