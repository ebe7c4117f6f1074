import { getCountrySpecifications, ValidationErrorsIBAN, validateIBAN } from "ibantools";
import { type Family, type Hit, RANK } from "../hits.js";

// Country code and check digits at the start of a word; the rest is read by code, up to the country's length.
const START = /(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}/g;
const LENGTHS = new Map<string, number>();
for (const [country, spec] of Object.entries(getCountrySpecifications())) {
  if (spec.chars) LENGTHS.set(country, spec.chars);
}
const MAX_LENGTH = 34;
const codes = new Uint8Array(MAX_LENGTH);

/** The character code upper-cased when it is a letter or digit, else 0. */
function alphanumeric(code: number): number {
  if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90)) return code;
  return code >= 97 && code <= 122 ? code - 32 : 0;
}

/**
 * Reads `length` IBAN characters from `start` into `codes`, electronic or in the print format's groups of
 * four ("GB82 WEST 1234 …"), and returns where they end, or -1. No dashes: a UUID's "ad94-2797-9474-f187…"
 * must not read as an Andorran IBAN. Allocates nothing: most candidates fail the check digits.
 */
function readIban(text: string, start: number, length: number): number {
  let count = 0;
  let at = start;
  while (count < length && at < text.length) {
    const code = alphanumeric(text.charCodeAt(at));
    if (code !== 0) codes[count++] = code;
    else if (text.charAt(at) !== " " || count % 4 !== 0 || alphanumeric(text.charCodeAt(at + 1)) === 0) break;
    at++;
  }
  return count === length ? at : -1;
}

/** ISO 7064 mod 97-10 over the first `length` codes, the first four moved to the end: 1 when valid. */
function mod97(length: number): number {
  let remainder = 0;
  for (let i = 0; i < length; i++) {
    const code = codes[(i + 4) % length] ?? 0;
    remainder = code >= 65 ? (remainder * 100 + code - 55) % 97 : (remainder * 10 + code - 48) % 97;
  }
  return remainder;
}

// The cheap check digits first (one candidate in 97 passes them), then ibantools for the country's BBAN
// format. A wrong national bank-branch checksum does not clear a typo'd number that is still someone's account.
function isIban(length: number): boolean {
  if (mod97(length) !== 1) return false;
  const iban = String.fromCharCode(...codes.subarray(0, length));
  return validateIBAN(iban).errorCodes.every((code) => code === ValidationErrorsIBAN.WrongAccountBankBranchChecksum);
}

/** IBANs, electronic ("DE89370400440532013000") or grouped ("DE89 3704 0044 0532 0130 00"), checksum-checked. */
export const ibanFamily: Family = {
  name: "iban",
  minLength: 15,
  patterns: [START],
  find(text: string, hits: Hit[]): void {
    START.lastIndex = 0;
    for (let match = START.exec(text); match !== null; match = START.exec(text)) {
      const length = LENGTHS.get(match[0].slice(0, 2).toUpperCase());
      if (length === undefined) continue;
      const end = readIban(text, match.index, length);
      if (end < 0 || !isIban(length)) continue;
      hits.push({ start: match.index, end, kind: "iban", rank: RANK.format });
      START.lastIndex = end;
    }
  },
};
