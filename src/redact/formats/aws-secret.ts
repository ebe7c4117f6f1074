import type { PatternEntry } from "../pattern-family.js";

const MIN_ENTROPY = 4.3;
const WORDISH = /[a-z]{9}|[A-Z]{9}/;

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= (count / text.length) * Math.log2(count / text.length);
  return bits;
}

// A random 40-character key has upper, lower and digits, about 4.8 bits per character and no long run of one
// case; a path, an identifier or a hex digest does not. 0.1% of real keys fall under the entropy floor:
// under a secret-looking key or after `aws_secret_access_key=` they are hidden anyway.
const looksRandom = (run: string): boolean =>
  /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run) && !WORDISH.test(run) && entropy(run) >= MIN_ENTROPY;

/** AWS secret access keys: exactly 40 base64 characters, standing alone. */
export const AWS_SECRET_ENTRY: PatternEntry = {
  kind: "aws-secret-key",
  source: "toolgate (gitleaks finds these only beside a key name; see aws-access-token)",
  pattern: "(?<![+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])",
  check: looksRandom,
};
