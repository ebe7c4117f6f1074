// An authorization value runs to the end of its line, and its first word stays visible when it is an auth scheme
// (`Bearer [REDACTED:…]`), so an approver sees how the caller authenticated. Any first word followed by more text
// was taken for a scheme: `auth: hunter2 (prod)` came out as `auth: hunter2 [REDACTED:authorization]`, the secret
// shown and the word after it hidden. Only a known scheme stays visible now.
import { describe, expect, it } from "vitest";
import { redact, redactText } from "../../src/redact/index.js";

const noted = (text: string) => {
  const { value, hidden } = redact({ note: text });
  return { shown: (value as { note: string }).note, kinds: hidden.map((h) => h.kind) };
};

describe("free text: the value after a secret key is what is hidden", () => {
  const leaks: [text: string, secret: string, kind: string][] = [
    ["auth: hunter2 (prod)", "hunter2", "authorization"],
    ["Authorization: hunter2 (prod)", "hunter2", "authorization"],
    ["authorization=hunter2 next", "hunter2", "authorization"],
    ["Proxy-Authorization: s3cr3t x", "s3cr3t", "authorization"],
    ["auth: hunter2 more words here", "hunter2", "authorization"],
    ['{"auth": "hunter2 prod"}', "hunter2", "authorization"],
    ["retrying with auth: hunter2  (the old one)", "hunter2", "authorization"],
    ["auth:hunter2 (prod)", "hunter2", "authorization"],
    ["Authorization: X9k2mQ7vLp (expired)", "X9k2mQ7vLp", "authorization"],
  ];
  it.each(leaks)("%j hides %s", (text, secret, kind) => {
    const { shown, kinds } = noted(text);
    expect(shown).not.toContain(secret);
    expect(shown).toContain(`[REDACTED:${kind}]`);
    expect(kinds).toContain(kind);
    expect(redactText(text)).not.toContain(secret);
  });

  // The same shape under the other keys: the value runs to its delimiter, the first word is never left out.
  const others: [text: string, secret: string, kind: string][] = [
    ["token: abc123 (x)", "abc123", "token"],
    ["password: hunter2 (old)", "hunter2", "password"],
    ["secret = s3cr3t; next", "s3cr3t", "secret"],
    ["api_key: k-123abc (staging)", "k-123abc", "api-key"],
    ["pwd: hunter2 (old)", "hunter2", "password"],
    ["cookie: sid=abc123 (x)", "abc123", "cookie"],
    ["client_secret=s3cr3t (rotated)", "s3cr3t", "secret"],
    ["pin: 4321 (card)", "4321", "pin"],
  ];
  it.each(others)("%j hides %s", (text, secret, kind) => {
    const { shown } = noted(text);
    expect(shown).not.toContain(secret);
    expect(shown).toContain(`[REDACTED:${kind}]`);
  });

  it("keeps a known auth scheme visible, and what follows the value's line", () => {
    const cases: [string, string][] = [
      ["Authorization: Bearer abc123def456", "Authorization: Bearer [REDACTED:bearer-token]"],
      ["auth: Basic dXNlcjpwYXNz", "auth: Basic [REDACTED:basic-auth]"],
      ["Authorization: Digest username=x, response=abc", "Authorization: Digest [REDACTED:authorization]"],
      ["authorization: token abc123def", "authorization: token [REDACTED:authorization]"],
      [
        "Authorization: AWS4-HMAC-SHA256 Credential=AKID/x, Signature=abc",
        "Authorization: AWS4-HMAC-SHA256 [REDACTED:authorization]",
      ],
      ["auth: Negotiate YIIabc\nnext line", "auth: Negotiate [REDACTED:authorization]\nnext line"],
      ["auth: hunter2 (prod)\nnext line", "auth: [REDACTED:authorization]\nnext line"],
    ];
    for (const [text, expected] of cases) expect(noted(text).shown, text).toBe(expected);
  });

  it("leaves ordinary text alone", () => {
    for (const text of ["author: Jane", "authored: 2024-06-10 (draft)", "oauth_url: https://example.com/authorize"])
      expect(noted(text), text).toEqual({ shown: text, kinds: [] });
  });
});
