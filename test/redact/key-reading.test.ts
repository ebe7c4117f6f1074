// Key names are read once and remembered while they hide nothing: the answer must be the scanner's, every time.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redact } from "../../src/redact/index.js";
import { readKey } from "../../src/redact/key-reading.js";
import { secretKeyKind } from "../../src/redact/keys.js";
import { scanText } from "../../src/redact/scan.js";
import { SECRETS } from "../fixtures/secrets.js";

const numRuns = process.env.CI ? 10_000 : 1_000;
const scanned = (key: string) => ({ hits: scanText(key), kind: secretKeyKind(key) });

const secret = fc.constantFrom(...SECRETS.map((sample) => sample.text));
const key = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("password", "apiKey", "x-api-key", "token_count", "currency", "DB_PASSWORD"),
  secret,
  fc.tuple(fc.string(), secret).map(([a, b]) => `${a}${b}`),
);

describe("readKey", () => {
  it("reads a key as the scanner does, the first time and every time after", () => {
    fc.assert(
      fc.property(key, (name) => {
        const expected = scanned(name);
        expect(readKey(name)).toEqual(expected);
        expect(readKey(name)).toEqual(expected);
      }),
      { numRuns },
    );
  });

  it("stays right past its bound (it forgets, never mixes up)", () => {
    for (let i = 0; i < 3_000; i++) expect(readKey(`field_${i}`)).toEqual(scanned(`field_${i}`));
    expect(readKey("field_7")).toEqual(scanned("field_7"));
  });

  it("a secret in a key is hidden on every call, not only the first", () => {
    const token = `ghp_${"R8k2Lq9ZxW4vN7mB3cT6yH1jF5dG0sPaE2uK"}`;
    for (let call = 0; call < 3; call++) {
      const { value, hidden } = redact({ [token]: "x" });
      expect(JSON.stringify(value)).not.toContain(token);
      expect(hidden).toEqual([{ path: '$["[REDACTED:github-token]"]', kind: "github-token", inKey: true }]);
    }
  });
});
