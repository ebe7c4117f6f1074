import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CREDENTIAL_ENTRIES } from "../../src/redact/formats/credentials.js";
import { TOKEN_ENTRIES } from "../../src/redact/formats/tokens.js";
import { URL_PASSWORD_ENTRY } from "../../src/redact/formats/url-password.js";
import { redact, redactText } from "../../src/redact/index.js";
import { leakOf, PLACEMENTS, placements, SECRETS } from "../fixtures/secrets.js";

// The whole corpus in every placement, through both entry points: nothing of any secret may show.
describe("no secret out: corpus × placements", () => {
  it("has at least 30 formats, each a realistic value of its kind", () => {
    expect(SECRETS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(SECRETS.map((s) => s.format)).size).toBe(SECRETS.length);
    // Alone, each sample is hidden as its own kind: the corpus tests the format, not a lucky key name.
    for (const sample of SECRETS)
      expect(
        redact(sample.text).hidden.map((h) => h.kind),
        sample.format,
      ).toContain(sample.kind);
  });

  const matrix = placements();
  it.each(PLACEMENTS)("redact() shows no secret placed as %s", (placement) => {
    const leaks: string[] = [];
    for (const { sample, input } of matrix.filter((m) => m.placement === placement)) {
      const { value, hidden } = redact(input);
      const leak = leakOf(JSON.stringify(value), sample.secret);
      if (leak !== undefined) leaks.push(`${sample.format}: ${leak}`);
      if (hidden.length === 0) leaks.push(`${sample.format}: nothing reported hidden`);
    }
    expect(leaks).toEqual([]);
  });

  it.each(PLACEMENTS)("redactText() shows no secret placed as %s", (placement) => {
    const leaks: string[] = [];
    for (const { sample, input } of matrix.filter((m) => m.placement === placement)) {
      const text = typeof input === "string" ? input : JSON.stringify(input);
      const leak = leakOf(redactText(text), sample.secret);
      if (leak !== undefined) leaks.push(`${sample.format}: ${leak}`);
    }
    expect(leaks).toEqual([]);
  });

  it("property: a corpus secret anywhere in a random JSON value, as a value or a key, never shows", () => {
    const runs = { numRuns: process.env.CI ? 10_000 : 1_000 };
    // Inserts `text` at a random place of `value`: one of its arrays, objects (value or key), or the root.
    const insert = (value: unknown, text: string, choice: number, asKey: boolean): unknown => {
      if (Array.isArray(value) && value.length > 0 && choice % 3 !== 0) {
        const at = choice % value.length;
        return value.map((item, i) => (i === at ? insert(item, text, Math.floor(choice / 3), asKey) : item));
      }
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const keys = Object.keys(value);
        if (keys.length > 0 && choice % 3 !== 0) {
          const key = keys[choice % keys.length] as string;
          return {
            ...value,
            [key]: insert((value as Record<string, unknown>)[key], text, Math.floor(choice / 3), asKey),
          };
        }
        return asKey ? { ...value, [text]: 1 } : { ...value, note: text };
      }
      return asKey ? { [text]: value } : [value, text];
    };
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4 }),
        fc.constantFrom(...SECRETS),
        fc.nat(),
        fc.boolean(),
        (json, sample, choice, asKey) => {
          const { value, hidden } = redact(insert(json, sample.text, choice, asKey));
          expect(leakOf(JSON.stringify(value), sample.secret)).toBeUndefined();
          expect(hidden.length).toBeGreaterThan(0);
        },
      ),
      runs,
    );
  });

  // Each vendored pattern, with its trigger and the shared boundary, on random values of its own shape: a
  // trigger narrower than its pattern, or a boundary that refuses a real start, would show here.
  // fast-check generates from plain patterns: negative lookarounds and \b dropped, a lookbehind's context kept.
  const NEGATIVE = /\(\?<?!(?:\[[^\]]*\]|[^()])*\)|\\b/g;
  const plain = (pattern: string) => {
    let out = pattern.replace(/\(\?<=/g, "(?:");
    for (let before = ""; before !== out; ) [before, out] = [out, out.replace(NEGATIVE, "")];
    return out;
  };
  const shapes = [...TOKEN_ENTRIES, URL_PASSWORD_ENTRY, ...CREDENTIAL_ENTRIES].filter((entry) => !entry.check);
  it.each(shapes.map((entry) => [entry.kind, entry.source.split(" ")[0], entry] as const))(
    "%s (%s): random values of its shape are hidden",
    (_kind, _source, entry) => {
      const shape = new RegExp(`^(?:${plain(entry.pattern)})$`);
      const hiddenPart = new RegExp(plain(entry.pattern));
      fc.assert(
        fc.property(fc.stringMatching(shape), fc.constantFrom(" ", "\n", "=", '"', "("), (value, before) => {
          const part = hiddenPart.exec(value);
          const secret = part?.[1] ?? part?.[0] ?? value;
          const { value: shown, hidden } = redact(`${before}${value} `);
          expect(hidden.length).toBeGreaterThan(0);
          // A one-character password ("a://u:@@h") is too short to tell from its frame; it is hidden all the same.
          if (secret.length >= 8) expect(leakOf(String(shown), secret)).toBeUndefined();
        }),
        { numRuns: process.env.CI ? 500 : 50 },
      );
    },
  );
});
