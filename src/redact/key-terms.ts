// What makes a key name secret-looking: the terms, the glued suffixes and the words that qualify a term away.
// Key names are matched on their words, so every casing and separator style reads the same: "apiKey",
// "API_KEY", "x-api-key" and "apikey" all contain the term "apikey". A term may span up to four words.
export const TERMS: ReadonlyMap<string, string> = new Map([
  ...of("password", "password passwords passwd pwd pw pass passphrase passcode"),
  // The word in the languages a schema is most often written in after English (accents are read away first).
  ...of(
    "password",
    "passwort kennwort contrasena clave motdepasse senha wachtwoord haslo losenord adgangskode salasana jelszo sifre",
  ),
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
]);
// Glued single words ending in a term ("accesstoken", "clientsecret", "dbpassword"); "tokenizer" does not end in one.
export const SUFFIXES: readonly [string, string][] = [
  ["token", "token"],
  ["secret", "secret"],
  ["password", "password"],
  ["passwd", "password"],
  ["passphrase", "password"],
  ["passwort", "password"],
  ["kennwort", "password"],
  ["apikey", "api-key"],
  ["privatekey", "private-key"],
  ["accesskey", "access-key"],
  ["secretkey", "access-key"],
  ["credentials", "credential"],
  ["sessionid", "session"],
];
// A term followed by one of these names something about the secret, not the secret: "token_count", "auth_url".
export const QUALIFIERS = new Set(
  "count type types expires expiry expiration ttl length len name names url uri endpoint path file policy header field provider usage limit required enabled set present id ids version format algorithm alg scheme method label prefix".split(
    " ",
  ),
);
// Every term contains one of these: most keys are ruled out by one scan, before any splitting.
export const STEMS =
  /pass|pw|secret|token|key|auth|cookie|cred|card|cc|cv|csc|pin|otp|ssn|social|iban|sig|conn|dsn|sess|code|wort|contra|clave|senha|woord|haslo|losen|kode|salasana|jelszo|sifre|geheim|segre/i;

function of(kind: string, terms: string): [string, string][] {
  return terms.split(" ").map((term) => [term, kind]);
}
