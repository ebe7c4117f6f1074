// Matched against a key's words (camelCase, snake_case and kebab-case split and joined by "_"), so
// "apiKey", "API_KEY" and "x-api-key" match while "session_note" or "monkey" do not.
const SECRET_KEY =
  /(^|_)(pass(word|wd|phrase)?|secret|token|api_?key|auth(orization)?|cookie|credentials?|private_?key|signature|ssn|cvv|card_?number)(_|$)/;
const keyWords = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toLowerCase();
const SECRET_VALUE = [
  /^(sk|rk|pk)[-_](live|test|proj|ant)?[-_]?[A-Za-z0-9_-]{16,}$/, // Stripe, OpenAI, Anthropic style keys
  /^gh[pousr]_[A-Za-z0-9]{20,}$/, // GitHub tokens
  /^xox[abpors]-[A-Za-z0-9-]{10,}$/, // Slack tokens
  /^(AKIA|ASIA)[A-Z0-9]{16}$/, // AWS access key ids
  /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, // JWTs
  /^Bearer\s+\S{8,}$/i,
  /^\s*-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*-----END [A-Z ]*PRIVATE KEY-----\s*$/,
];
const MAX_DEPTH = 16;

/** What redaction hides a value with. @example `REDACTED; // "[REDACTED]"` */
export const REDACTED = "[REDACTED]";

/**
 * A redaction function: returns a copy safe to show or export, and how many values it hid.
 *
 * @example
 * ```ts
 * const strict: Redactor = (value) => ({ value: "[hidden]", count: 1 });
 * ```
 */
export type Redactor = (value: unknown) => Redacted;

/**
 * A redacted copy and how many values it hid.
 *
 * @example
 * ```ts
 * const { value, count }: Redacted = redact({ password: "hunter2" });
 * ```
 */
export interface Redacted {
  value: unknown;
  count: number;
}

/**
 * Returns a copy safe to show or export: values under secret-looking keys and secret-looking strings are
 * replaced by `[REDACTED]`; cycles and very deep nesting are cut. The input is never modified.
 *
 * @example
 * ```ts
 * redact({ user: "ann", apiKey: "abc" }).value; // { user: "ann", apiKey: "[REDACTED]" }
 * ```
 */
export function redact(input: unknown): Redacted {
  let count = 0;
  const seen = new WeakSet<object>();
  const visit = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") {
      if (SECRET_VALUE.some((pattern) => pattern.test(value))) {
        count++;
        return REDACTED;
      }
      return value;
    }
    if (typeof value !== "object" || value === null) return typeof value === "bigint" ? String(value) : value;
    if (seen.has(value) || depth >= MAX_DEPTH) return "[…]";
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => visit(item, depth + 1));
    // A null-prototype copy: a "__proto__" key in the input stays plain data.
    const copy: Record<string, unknown> = Object.create(null);
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_KEY.test(keyWords(key)) && item !== null && item !== undefined) {
        count++;
        copy[key] = REDACTED;
      } else copy[key] = visit(item, depth + 1);
    }
    return copy;
  };
  return { value: visit(input, 0), count };
}
