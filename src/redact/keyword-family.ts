import { type Family, type Hit, RANK } from "./hits.js";
import { compile, hitOf, literalsOf, type PatternEntry } from "./pattern-family.js";

const asPattern = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Entries that each start with one of their trigger literals (a token's prefix: `ghp_`, `AKIA`, `eyJ`…),
 * found the way gitleaks finds keywords: one pass of all the literals at word boundaries, then, where one
 * occurs, the few patterns it starts, anchored there. The literal pass costs about a tenth of running every
 * pattern; each anchored pattern reads a bounded stretch.
 */
export function keywordFamily(name: string, entries: readonly PatternEntry[]): Family {
  const byLiteral = new Map<string, { entry: PatternEntry; regex: RegExp }[]>();
  for (const entry of entries) {
    const literals = literalsOf(entry);
    if (!Array.isArray(literals)) throw new Error(`redaction pattern for ${entry.kind} has no trigger literal`);
    const anchored = { entry, regex: compile("", [entry], "dy") };
    for (const literal of literals as readonly string[])
      byLiteral.set(literal, [...(byLiteral.get(literal) ?? []), anchored]);
  }
  // Longest first, so "sk-ant-" is tried where "sk-" also matches; every pattern of a matching literal runs.
  const literals = [...byLiteral.keys()].sort((a, b) => b.length - a.length);
  const byFirst = new Map<string, string[]>();
  for (const literal of literals) byFirst.set(literal.charAt(0), [...(byFirst.get(literal.charAt(0)) ?? []), literal]);
  // A literal that starts a word ("ghp_") must start at a word boundary; one that does not ("://") anywhere.
  const startsWord = (literal: string) => /^\w/.test(literal);
  const wordy = literals.filter(startsWord).map(asPattern).join("|");
  const other = literals.filter((literal) => !startsWord(literal)).map(asPattern);
  const keywords = new RegExp([`\\b(?:${wordy})`, ...other].join("|"), "g");
  return {
    name,
    minLength: 8,
    patterns: [keywords, ...[...byLiteral.values()].flat().map((anchored) => anchored.regex)],
    find(text: string, hits: Hit[]): void {
      keywords.lastIndex = 0;
      for (let found = keywords.exec(text); found !== null; found = keywords.exec(text)) {
        const at = found.index;
        let end = at;
        for (const literal of byFirst.get(text.charAt(at)) ?? []) {
          if (!text.startsWith(literal, at)) continue;
          for (const { entry, regex } of byLiteral.get(literal) ?? []) {
            regex.lastIndex = at;
            const match = regex.exec(text);
            const hit = match === null ? undefined : hitOf(match, [entry], text);
            if (hit === undefined) continue;
            hits.push(hit);
            // Past a token, go on after it; inside a URL's password, look for a token that names it better.
            if (hit.rank >= RANK.format) end = Math.max(end, hit.end);
          }
        }
        keywords.lastIndex = Math.max(at + 1, end);
      }
    },
  };
}
