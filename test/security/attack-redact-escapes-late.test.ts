// Late attacks on the decoded view of free text (invariant 6): it undid percent escapes and JSON's `\n`, `\r`,
// `\t` inside a string, and read look-alike letters per character, but not JSON's `\uXXXX` or `\/` escapes — the
// way any JSON consumer (the tool, a span reader's JSON.parse) reads `\u0067hp_…` as `ghp_…`. A model writing one
// letter of a secret as an escape got the secret, or its tail past a prefix hit, into spans, approval requests and
// the ledger.
import { describe, expect, it } from "vitest";
import { redact, redactText } from "../../src/index.js";

const GITHUB = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
const STRIPE = "sk_live_51HabcdefghijklmnopqrstuvWXYZ";
const AWS = "AKIAIOSFODNN7EXAMPLE";

/** `secret` with its character at `index` written as a JSON `\uXXXX` escape (as text, the backslash included). */
const escapedAt = (secret: string, index: number, code = secret.charCodeAt(index)) =>
  `${secret.slice(0, index)}\\u${code.toString(16).padStart(4, "0")}${secret.slice(index + 1)}`;

describe("a secret written with JSON escapes inside a string", () => {
  it("is redacted wherever one of its characters is a \\uXXXX escape, with nothing of it left", () => {
    for (const secret of [GITHUB, STRIPE, AWS]) {
      for (const index of [0, 2, 3, 12, secret.length - 1]) {
        const text = `see ${escapedAt(secret, index)} end`;
        const redacted = redactText(text);
        expect(redacted).toMatch(/^see \[REDACTED:[a-z-]+\] end$/);
        expect(redacted).not.toContain(secret.slice(-6));
      }
    }
  });

  it("reads a webhook written with JSON's escaped slashes (PHP's json_encode) as the webhook", () => {
    const hook = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
    const redacted = redactText(`see ${hook.replaceAll("/", "\\/")}`);
    expect(redacted).toContain("[REDACTED:");
    expect(redacted).not.toContain("XXXXXXXX");
  });

  it("reads an escaped fullwidth letter as the letter it looks like", () => {
    expect(redactText(`x ${escapedAt(GITHUB, 0, 0xff47)}`)).toMatch(/^x \[REDACTED:[a-z-]+\]$/);
  });

  it("reads an escaped private key header as the header", () => {
    const pem = "\\u002d----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA";
    expect(redactText(pem)).toMatch(/^\[REDACTED:[a-z-]+\]$/);
  });

  it("is hidden in an input object, where spans, approvers and the ledger read it, and said to be hidden", () => {
    const { value, hidden } = redact({ text: `{"note":"see ${escapedAt(GITHUB, 1)}"}` });
    expect(JSON.stringify(value)).not.toContain(GITHUB.slice(4, 12));
    expect(hidden).toEqual([expect.objectContaining({ path: "$.text" })]);
  });

  it("leaves text without a secret as it was: escapes alone hide nothing", () => {
    const plain = 'a JSON text: {"name":"caf\\u00e9","path":"a\\/b","quote":"\\"hi\\""}';
    expect(redactText(plain)).toBe(plain);
  });
});
