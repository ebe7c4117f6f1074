import { describe, expect, it } from "vitest";
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
});
