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
  /**
   * What a text must contain for the pattern to match (any of the strings, or the expression): most texts
   * contain none, and a substring search is far cheaper than the pattern. Defaults to the pattern's literal
   * prefix when it has one of two or more characters.
   */
  readonly trigger?: readonly string[] | RegExp;
  /** Rejects a match (`false`) or accepts it with a warning for the approver (a string). */
  readonly check?: (secret: string) => boolean | string;
  readonly rank?: number;
}

const groupsOf = (pattern: string): number => (new RegExp(`${pattern}|`).exec("")?.length ?? 1) - 1;
const LITERAL_PREFIX = /^[A-Za-z0-9_~-]{2,32}/;

/** One alternation of the entries after `prefix`, each entry one group. */
export function compile(prefix: string, entries: readonly PatternEntry[], flags = "dg"): RegExp {
  const alternatives = entries.map((entry) => {
    const groups = groupsOf(entry.pattern);
    if (groups > 1) throw new Error(`redaction pattern for ${entry.kind} has ${groups} capturing groups`);
    return groups === 1 ? entry.pattern : `(${entry.pattern})`;
  });
  return new RegExp(`${prefix}(?:${alternatives.join("|")})`, flags);
}

/** The entry's trigger literals: the listed ones, or the pattern's literal prefix. */
export const literalsOf = (entry: PatternEntry): readonly string[] | RegExp | undefined =>
  entry.trigger ?? LITERAL_PREFIX.exec(entry.pattern)?.map((literal) => literal);

function triggerOf(entry: PatternEntry): ((text: string) => boolean) | undefined {
  const trigger = literalsOf(entry);
  if (trigger === undefined) return undefined;
  if (trigger instanceof RegExp) return (text) => trigger.test(text);
  return (text) => trigger.some((literal) => text.includes(literal));
}

/** The hit for a match of `compile([entry])` or of an alternation (its first defined group names the entry). */
export function hitOf(match: RegExpExecArray, entries: readonly PatternEntry[], text: string): Hit | undefined {
  let group = 1;
  while (group < match.length && match[group] === undefined) group++;
  const entry = entries[group - 1];
  const span = match.indices?.[group];
  if (entry === undefined || span === undefined) return undefined;
  const verdict = entry.check?.(text.slice(span[0], span[1])) ?? true;
  if (verdict === false) return undefined;
  const hit: Hit = { start: span[0], end: span[1], kind: entry.kind, rank: entry.rank ?? RANK.format };
  if (typeof verdict === "string") hit.warning = verdict;
  return hit;
}

function run(regex: RegExp, entries: readonly PatternEntry[], text: string, hits: Hit[]): void {
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const hit = hitOf(match, entries, text);
    if (hit === undefined) regex.lastIndex = match.index + 1;
    else hits.push(hit);
  }
}

/**
 * Compiles entries into left-to-right passes, each after `prefix` (typically a boundary lookbehind): one per
 * entry with a trigger, run only when the text contains it, and one alternation of the rest.
 */
export function patternFamily(name: string, prefix: string, entries: readonly PatternEntry[]): Family {
  const triggered = entries.flatMap((entry) => {
    const test = triggerOf(entry);
    return test ? [{ entries: [entry], regex: compile(prefix, [entry]), test }] : [];
  });
  const rest = entries.filter((entry) => triggerOf(entry) === undefined);
  const restRegex = rest.length > 0 ? compile(prefix, rest) : undefined;
  return {
    name,
    minLength: 8,
    patterns: [...triggered.map((pass) => pass.regex), ...(restRegex ? [restRegex] : [])],
    find(text: string, hits: Hit[]): void {
      for (const pass of triggered) if (pass.test(text)) run(pass.regex, pass.entries, text, hits);
      if (restRegex) run(restRegex, rest, text, hits);
    },
  };
}
