import { getCountrySpecifications, ValidationErrorsIBAN, validateIBAN } from "ibantools";
import { type Family, type Hit, RANK } from "../hits.js";

// Country code and check digits at the start of a word; the rest is read by code, up to the country's length.
const START = /(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}/g;
const LENGTHS = new Map<string, number>();
for (const [country, spec] of Object.entries(getCountrySpecifications())) {
  if (spec.chars) LENGTHS.set(country, spec.chars);
}
const isAlphanumeric = (char: string) => /^[A-Za-z0-9]$/.test(char);

/** Reads an IBAN of `length` characters from `start`, allowing one space or dash between characters. */
function readIban(text: string, start: number, length: number): { iban: string; end: number } | undefined {
  let iban = "";
  let at = start;
  while (iban.length < length && at < text.length) {
    const char = text.charAt(at);
    if (isAlphanumeric(char)) iban += char.toUpperCase();
    else if ((char !== " " && char !== "-") || !isAlphanumeric(text.charAt(at + 1))) break;
    at++;
  }
  return iban.length === length ? { iban, end: at } : undefined;
}

// A national bank-branch checksum may be wrong in a typo'd number that is still someone's account: the
// country's length, BBAN format and the ISO 7064 mod-97 check digits decide.
const isIban = (iban: string): boolean =>
  validateIBAN(iban).errorCodes.every((code) => code === ValidationErrorsIBAN.WrongAccountBankBranchChecksum);

/** IBANs, electronic ("DE89370400440532013000") or grouped ("DE89 3704 0044 0532 0130 00"), checksum-checked. */
export const ibanFamily: Family = {
  name: "iban",
  minLength: 15,
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
