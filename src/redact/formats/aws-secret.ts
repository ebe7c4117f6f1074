import { type Family, type Hit, RANK } from "../hits.js";

const LENGTH = 40;
const MIN_ENTROPY = 4.3;
const WORDISH = /[a-z]{9}|[A-Z]{9}/;
const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const DIGIT = /[0-9]/;

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
  UPPER.test(run) && LOWER.test(run) && DIGIT.test(run) && !WORDISH.test(run) && entropy(run) >= MIN_ENTROPY;

const isBase64 = (code: number) =>
  (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122) || code === 43 || code === 47;

/**
 * AWS secret access keys: exactly 40 base64 characters standing alone (gitleaks finds these only beside a
 * key name; see its aws-access-token rule). Read as runs of base64 characters in one pass.
 */
export const awsSecretFamily: Family = {
  name: "aws-secret-key",
  minLength: LENGTH,
  patterns: [WORDISH, UPPER, LOWER, DIGIT],
  find(text: string, hits: Hit[]): void {
    for (let start = 0; start < text.length; ) {
      if (!isBase64(text.charCodeAt(start))) {
        start++;
        continue;
      }
      let end = start;
      while (end < text.length && isBase64(text.charCodeAt(end))) end++;
      // Padding after the run makes it the tail of some longer base64 value, not a key.
      if (end - start === LENGTH && text.charAt(end) !== "=" && looksRandom(text.slice(start, end))) {
        hits.push({ start, end, kind: "aws-secret-key", rank: RANK.format });
      }
      start = end;
    }
  },
};
