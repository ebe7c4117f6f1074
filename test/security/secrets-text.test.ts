import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { redact, redactText } from "../../src/redact/index.js";
import { leakOf, SECRETS } from "../fixtures/secrets.js";

const runs = { numRuns: process.env.CI ? 10_000 : 1_000 };
const ghp = `ghp_${"Zq9X".repeat(9)}`;

// Messages reach spans, events, the ledger, approvers and the model: each goes through redactText first.
describe("redactText: error messages, schema issues and refusal reasons", () => {
  it("replaces only the secret part of a tool's error message", () => {
    const cases: [string, string][] = [
      [
        `GET https://x-access-token:${ghp}@github.com/acme/app.git failed: 403`,
        "GET https://x-access-token:[REDACTED:github-token]@github.com/acme/app.git failed: 403",
      ],
      [
        "connect ECONNREFUSED postgres://app:Pa55-w0rd@10.0.0.5:5432/app",
        "connect ECONNREFUSED postgres://app:[REDACTED:url-password]@10.0.0.5:5432/app",
      ],
      [
        `Request failed with headers {"Authorization":"Bearer ${ghp}","Accept":"*/*"}`,
        'Request failed with headers {"Authorization":"Bearer [REDACTED:github-token]","Accept":"*/*"}',
      ],
      [
        "charge failed for card 4242 4242 4242 4242 (declined)",
        "charge failed for card [REDACTED:card-number] (declined)",
      ],
    ];
    for (const [message, expected] of cases) expect(redactText(message)).toBe(expected);
  });

  it("valibot puts the received value into the issue message: it comes out redacted", () => {
    for (const sample of SECRETS) {
      const issue = v.safeParse(v.object({ amount: v.number() }), { amount: sample.text }).issues?.[0];
      expect(issue?.message).toContain(sample.text);
      expect(leakOf(redactText(issue?.message ?? ""), sample.secret), sample.format).toBeUndefined();
    }
  });

  it("a refusal reason that quotes the input is redacted, the rule and the rest kept", () => {
    const reason = `rule "no-prod" denied: input.env is "prod" and input.token is "${ghp}"`;
    expect(redactText(reason)).toBe(
      'rule "no-prod" denied: input.env is "prod" and input.token is "[REDACTED:github-token]"',
    );
  });

  it("finds secrets split by invisible characters or percent-encoded, and hides the whole stretch", () => {
    expect(redactText(`token ${ghp.slice(0, 10)}\u200b${ghp.slice(10)} ok`)).toBe("token [REDACTED:github-token] ok");
    expect(redactText(`q=${encodeURIComponent(`Bearer ${ghp}`)}&x=1`)).toBe("q=Bearer%20[REDACTED:github-token]&x=1");
    expect(redactText("next?pass%77ord=hunter2&a=1")).toBe("next?pass%77ord=[REDACTED:password]&a=1");
  });

  it("leaves a message without secrets as it is, the same string", () => {
    const message = 'Invalid type: Expected number but received "twenty"';
    expect(redactText(message)).toBe(message);
  });

  it("property: any corpus secret between delimiters in random text never shows", () => {
    const noise = fc.string({
      unit: fc.constantFrom(..."abc XYZ 019 .,;:!?()[]{}<>/\\|\n\t-_'\"=+#@$%&*~"),
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...SECRETS),
        noise,
        fc.constantFrom(" ", "\n", "\t", '"', "'", "(", "[", "{", ":", "=", ",", ";", "<", ">", "|"),
        fc.constantFrom(" ", "\n", "\t", '"', "'", ")", "]", "}", ",", ";", "<", ">", "|"),
        noise,
        (sample, before, open, close, after) => {
          const text = `${before}${open}${sample.text}${close}${after}`;
          expect(leakOf(redactText(text), sample.secret)).toBeUndefined();
          expect(leakOf(JSON.stringify(redact({ message: text }).value), sample.secret)).toBeUndefined();
        },
      ),
      runs,
    );
  });
});
