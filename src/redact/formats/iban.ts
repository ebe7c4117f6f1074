import { getCountrySpecifications, ValidationErrorsIBAN, validateIBAN } from "ibantools";
import { type Family, type Hit, RANK } from "../hits.js";

// Country code and check digits at the start of a word; the rest is read by code, up to the country's length.
const START = /(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}/g;
const LENGTHS = new Map<string, number>();
for (const [country, spec] of Object.entries(getCountrySpecifications())) {
  if (spec.chars) LENGTHS.set(country, spec.chars);
}
/** The character upper-cased when it is a letter or digit, else "". */
function alphanumeric(code: number): string {
  if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90)) return String.fromCharCode(code);
  return code >= 97 && code <= 122 ? String.fromCharCode(code - 32) : "";
}

/**
 * Reads an IBAN of `length` characters from `start`, electronic or in the print format's groups of four
 * ("GB82 WEST 1234 …"). No dashes: a UUID's "ad94-2797-9474-f187…" must not read as an Andorran IBAN.
 */
function readIban(text: string, start: number, length: number): { iban: string; end: number } | undefined {
  let iban = "";
  let at = start;
  while (iban.length < length && at < text.length) {
    const char = alphanumeric(text.charCodeAt(at));
    if (char !== "") iban += char;
    else if (text.charAt(at) !== " " || iban.length % 4 !== 0 || alphanumeric(text.charCodeAt(at + 1)) === "") break;
    at++;
  }
  return iban.length === length ? { iban, end: at } : undefined;
}

/** ISO 7064 mod 97-10 over the IBAN with its first four characters moved to the end: 1 when valid. */
function mod97(iban: string): number {
  let remainder = 0;
  for (let i = 0; i < iban.length; i++) {
    const code = iban.charCodeAt((i + 4) % iban.length);
    remainder = code >= 65 ? (remainder * 100 + code - 55) % 97 : (remainder * 10 + code - 48) % 97;
  }
  return remainder;
}

// The cheap check digits first (one candidate in 97 passes them), then ibantools for the country's BBAN
// format. A wrong national bank-branch checksum does not clear a typo'd number that is still someone's account.
const isIban = (iban: string): boolean =>
  mod97(iban) === 1 &&
  validateIBAN(iban).errorCodes.every((code) => code === ValidationErrorsIBAN.WrongAccountBankBranchChecksum);

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
      const found = readIban(text, match.index, length);
      if (found === undefined || !isIban(found.iban)) continue;
      hits.push({ start: match.index, end: found.end, kind: "iban", rank: RANK.format });
      START.lastIndex = found.end;
    }
  },
};
