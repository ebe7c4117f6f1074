import { type Family, type Hit, RANK } from "./hits.js";

/** One secret format as a regular expression. */
export interface PatternEntry {
  readonly kind: string;
  /** Where the pattern comes from: gitleaks rule ids (see NOTICE.md), or `toolgate` for our own. */
  readonly source: string;
  /**
   * Regex source with at most one capturing group, the part to hide (none: hide the whole match). Only bounded
   * quantifiers, never a quantified group: the scan stays linear on hostile input.
   */
  readonly pattern: string;
  /** Rejects a match (`false`) or accepts it with a warning for the approver (a string). */
  readonly check?: (secret: string) => boolean | string;
  readonly rank?: number;
}

const groupsOf = (pattern: string): number => (new RegExp(`${pattern}|`).exec("")?.length ?? 1) - 1;

/**
 * Compiles entries into one alternation scanned in a single left-to-right pass (`prefix`, typically a
 * boundary lookbehind, is checked once per position). The first entry that matches at a position wins.
 */
export function patternFamily(name: string, prefix: string, entries: readonly PatternEntry[]): Family {
  const alternatives = entries.map((entry) => {
    const groups = groupsOf(entry.pattern);
    if (groups > 1) throw new Error(`redaction pattern for ${entry.kind} has ${groups} capturing groups`);
    return groups === 1 ? entry.pattern : `(${entry.pattern})`;
  });
  const regex = new RegExp(`${prefix}(?:${alternatives.join("|")})`, "dg");
  return {
    name,
    minLength: 8,
    patterns: [regex],
    find(text: string, hits: Hit[]): void {
      regex.lastIndex = 0;
      for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
        const group = match.findIndex((part, index) => index > 0 && part !== undefined);
        const entry = entries[group - 1];
        const span = match.indices?.[group];
        if (entry === undefined || span === undefined) continue;
        const verdict = entry.check?.(text.slice(span[0], span[1])) ?? true;
        if (verdict === false) {
          regex.lastIndex = match.index + 1;
          continue;
        }
        const hit: Hit = { start: span[0], end: span[1], kind: entry.kind, rank: entry.rank ?? RANK.format };
        if (typeof verdict === "string") hit.warning = verdict;
        hits.push(hit);
      }
    },
  };
}
