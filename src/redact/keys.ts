// Key names are matched on their words, so every casing and separator style reads the same: "apiKey",
// "API_KEY", "x-api-key" and "apikey" all contain the term "apikey". A term may span up to four words.
const TERMS: ReadonlyMap<string, string> = new Map([
  ...of("password", "password passwords passwd pwd pw pass passphrase passcode"),
  ...of("secret", "secret secrets"),
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
const SUFFIXES: readonly [string, string][] = [
  ["token", "token"],
  ["secret", "secret"],
  ["password", "password"],
  ["passwd", "password"],
  ["passphrase", "password"],
  ["apikey", "api-key"],
  ["privatekey", "private-key"],
  ["accesskey", "access-key"],
  ["secretkey", "access-key"],
  ["credentials", "credential"],
  ["sessionid", "session"],
];
// A term followed by one of these names something about the secret, not the secret: "token_count", "auth_url".
const QUALIFIERS = new Set(
  "count type types expires expiry expiration ttl length len name names url uri endpoint path file policy header field provider usage limit required enabled set present id ids version format algorithm alg scheme method label prefix".split(
    " ",
  ),
);
const MAX_SPAN = 4;
// Zero-width boundaries (no nested quantifiers): linear on a key of any length.
const BOUNDARY = /(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/g;
const SEPARATORS = /[^a-z0-9]{1,64}/;

function of(kind: string, terms: string): [string, string][] {
  return terms.split(" ").map((term) => [term, kind]);
}

/** The words of a key name: camelCase, snake_case, kebab-case, dots and digits split, lower-cased. */
export const keyWords = (key: string): string[] =>
  key.replace(BOUNDARY, " ").toLowerCase().split(SEPARATORS).filter(Boolean);

function termAt(words: readonly string[], start: number): { kind: string; next: number } | undefined {
  const first = words[start] ?? "";
  for (const [suffix, kind] of SUFFIXES)
    if (first.length > suffix.length && first.endsWith(suffix)) return { kind, next: start + 1 };
  let glued = "";
  for (let end = start; end < Math.min(words.length, start + MAX_SPAN); end++) {
    glued += words[end];
    const kind = TERMS.get(glued);
    if (kind !== undefined) return { kind, next: end + 1 };
  }
  return undefined;
}

// Every term contains one of these: most keys are ruled out by one scan, before any splitting.
const STEMS =
  /pass|pw|secret|token|key|auth|cookie|cred|card|cc|cv|csc|pin|otp|ssn|social|iban|sig|conn|dsn|sess|code/i;
// Terms sit at the ends of a name; a longer one is read at its head and tail, so classifying stays bounded.
const HEAD = 256;
const TAIL = 64;
/** The regular expressions key classification runs, for the linear-time test. */
export const KEY_PATTERNS: readonly RegExp[] = [BOUNDARY, SEPARATORS, STEMS];

/**
 * The kind of secret a key name announces (`"password"` for `pwd`, `"api-key"` for `x-api-key`), or
 * `undefined` for an ordinary key (`monkey`, `session_note`, `tokenizer`, `max_tokens`, `token_count`).
 *
 * @example
 * ```ts
 * secretKeyKind("DB_PASSWORD"); // "password"
 * secretKeyKind("monkey"); // undefined
 * ```
 */
export function secretKeyKind(key: string): string | undefined {
  return classify(key.length > HEAD + TAIL ? `${key.slice(0, HEAD)} ${key.slice(-TAIL)}` : key);
}

function classify(key: string): string | undefined {
  if (!STEMS.test(key)) return undefined;
  const words = keyWords(key);
  let found: string | undefined;
  for (let start = 0; start < words.length; start++) {
    const term = termAt(words, start);
    if (term === undefined) continue;
    const after = words[term.next];
    if (after === undefined || !QUALIFIERS.has(after)) found ??= term.kind;
  }
  return found;
}
