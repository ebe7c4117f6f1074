import { CYRILLIC_GREEK_QUALIFIERS, CYRILLIC_GREEK_TERMS } from "./key-terms-cyrillic-greek.js";
import { EAST_ASIAN_QUALIFIERS, EAST_ASIAN_TERMS } from "./key-terms-east-asian.js";
import { RTL_INDIC_TERMS } from "./key-terms-rtl-indic.js";
import { wordAsRead } from "./key-words.js";

// What makes a key name secret-looking: the terms, the glued suffixes and the words that qualify a term away.
// Key names are matched on their words, so every casing and separator style reads the same: "apiKey",
// "API_KEY", "x-api-key" and "apikey" all contain the term "apikey". A term may span words, and is read as the
// words are (case, accents and look-alike letters folded), so `ПАРОЛЬ` and `пaроль` with a Latin `a` are `пароль`.
/** Every term as written, with its kind; `_` joins the words of a term written in several. */
export const WRITTEN_TERMS: readonly (readonly [term: string, kind: string])[] = [
  ...of("password", "password passwords passwd pwd pw pass passphrase passcode"),
  // The word in the languages a schema is most often written in after English (accents are read away first).
  ...of(
    "password",
    "passwort kennwort contrasena clave motdepasse senha wachtwoord haslo losenord adgangskode salasana jelszo sifre lozinka",
  ),
  // Indonesian and Malay (`kata sandi`, `kata laluan`), Vietnamese (`mật khẩu`, read without its marks).
  ...of("password", "katasandi katalaluan matkhau"),
  ...of("secret", "secret secrets geheim geheimnis secreto segreto segredo"),
  ...of("token", "token"),
  ...of("api-key", "apikey apikeys"),
  ...of("private-key", "privatekey sshkey"),
  ...of(
    "access-key",
    "secretkey accesskey accountkey sharedaccesskey signingkey encryptionkey decryptionkey masterkey clientkey authkey appkey licensekey hmackey",
  ),
  ...of("session", "sessionid sessionkey sessioncookie"),
  ...of("cookie", "cookie cookies setcookie"),
  ...of("authorization", "authorization proxyauthorization auth"),
  ...of("credential", "credential credentials creds"),
  ...of("card-number", "creditcard creditcardnumber cardnumber cardno ccnumber ccnum"),
  ...of("card-security-code", "cvv cvc csc cardsecuritycode securitycode"),
  ...of("pin", "pin pincode"),
  ...of("one-time-code", "otp totp mfacode otpcode"),
  ...of("ssn", "ssn socialsecuritynumber"),
  ...of("iban", "iban"),
  ...of("signature", "signature sig"),
  ...of("connection-string", "connectionstring connstr dsn"),
  ...[CYRILLIC_GREEK_TERMS, EAST_ASIAN_TERMS, RTL_INDIC_TERMS].flatMap((byKind) =>
    Object.entries(byKind).flatMap(([kind, terms]) => of(kind, terms)),
  ),
];
const reading = (term: string) => wordAsRead(term).replaceAll("_", "");
/** The terms as they read, each with its kind. */
export const TERMS: ReadonlyMap<string, string> = new Map(WRITTEN_TERMS.map(([term, kind]) => [reading(term), kind]));
// Glued single words ending in a term ("accesstoken", "clientsecret", "dbpassword", "новыйпароль", "הסיסמה");
// "tokenizer" does not end in one.
export const SUFFIXES: readonly [string, string][] = [
  ...of("token", "token токен"),
  ...of("secret", "secret секрет"),
  ...of("password", "password passwd passphrase passwort kennwort пароль парола лозинка κωδικός συνθηματικό"),
  ...of("password", "סיסמה סיסמא كلمةالمرور كلمةالسر رمزعبور گذرواژه पासवर्ड"),
  ...of("api-key", "apikey"),
  ...of("private-key", "privatekey"),
  ...of("access-key", "accesskey secretkey"),
  ...of("credential", "credentials"),
  ...of("session", "sessionid"),
].map(([suffix, kind]) => [reading(suffix), kind]);
// A term followed by one of these names something about the secret, not the secret: "token_count", "auth_url".
export const QUALIFIERS: ReadonlySet<string> = new Set(
  [
    "count type types expires expiry expiration ttl length len name names url uri endpoint path file policy header field",
    "provider usage limit required enabled set present id ids version format algorithm alg scheme method label prefix",
    CYRILLIC_GREEK_QUALIFIERS,
    EAST_ASIAN_QUALIFIERS,
  ]
    .join(" ")
    .split(" ")
    .map(reading),
);
// Every start of a term's (or a qualifier's) reading: gluing words stops at the first that begins none, so most
// words, and each character of a name in Han, are looked up once.
const startsOf = (readings: Iterable<string>): ReadonlySet<string> =>
  new Set(
    Array.from(readings, (read) => Array.from({ length: read.length }, (_, end) => read.slice(0, end + 1))).flat(),
  );
/** Every prefix of a term's reading, the term's included. */
export const TERM_STARTS = startsOf(TERMS.keys());
/** Every prefix of a qualifier's reading, the qualifier's included. */
export const QUALIFIER_STARTS = startsOf(QUALIFIERS);
// Every term whose reading is ASCII contains one of these (also the few of other scripts that read as ASCII: `секрет`
// reads `cekpet`, `токен` `tokeh`): most ASCII keys are ruled out by one scan, before any splitting.
export const STEMS =
  /pass|pw|secret|token|key|auth|cookie|cred|card|cc|cv|csc|pin|otp|ssn|social|iban|sig|conn|dsn|sess|code|wort|contra|clave|senha|woord|haslo|losen|kode|salasana|jelszo|sifre|geheim|segre|lozin|cekp|tajh|tokeh|kyki|sandi|laluan|khau/i;

function of(kind: string, terms: string): [string, string][] {
  return terms.split(" ").map((term) => [term, kind]);
}
