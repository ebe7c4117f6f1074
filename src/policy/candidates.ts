import { getOrCreate } from "../internal/get-or-create.js";
import type { Candidates, CompiledLimit, CompiledRule } from "./compiled.js";
import type { Decision } from "./decision.js";
import { type Glob, matchesAny } from "./glob.js";
import { loose } from "./loose.js";

interface Indexed {
  readonly agents: readonly Glob[] | undefined;
  readonly tools: readonly Glob[];
  readonly order: number;
}

// Enough for every (agent, tool) pair of a large deployment; past it the cache starts over rather than grow.
const MAX_CACHED_PAIRS = 50_000;

/**
 * Indexes entries by tool name: exact names in a map, globs bucketed by their literal prefix (restricting,
 * case-insensitive globs by their lower-cased prefix, probed with the name lower-cased and read loosely, as
 * they match), so a lookup probes one bucket per prefix length.
 */
function indexByTool<T extends Indexed>(entries: readonly T[]): (tool: string) => T[] {
  const exact = new Map<string, T[]>();
  const byPrefix = new Map<string, { glob: Glob; entry: T }[]>();
  const byFoldedPrefix = new Map<string, { glob: Glob; entry: T }[]>();
  for (const entry of entries) {
    for (const glob of entry.tools) {
      if (glob.exact) getOrCreate(exact, glob.pattern, (): T[] => []).push(entry);
      else getOrCreate(glob.foldCase ? byFoldedPrefix : byPrefix, glob.prefix, () => []).push({ glob, entry });
    }
  }
  // No prefix is longer than the longest pattern, so a long name costs no more probes than a short one.
  let longest = 0;
  for (const buckets of [byPrefix, byFoldedPrefix])
    for (const key of buckets.keys()) longest = Math.max(longest, key.length);
  const probe = (buckets: typeof byPrefix, name: string, tool: string, found: Set<T>) => {
    if (buckets.size === 0) return;
    for (let length = 0; length <= Math.min(name.length, longest); length++) {
      const bucket = buckets.get(name.slice(0, length));
      if (bucket) for (const { glob, entry } of bucket) if (glob.test(tool)) found.add(entry);
    }
  };
  return (tool) => {
    const found = new Set<T>(exact.get(tool));
    probe(byPrefix, tool, tool, found);
    const lower = tool.toLowerCase();
    probe(byFoldedPrefix, lower, tool, found);
    const folded = loose(tool);
    if (folded !== lower) probe(byFoldedPrefix, folded, tool, found);
    return [...found].sort((a, b) => a.order - b.order);
  };
}

const appliesTo = (entry: Indexed, agent: string) => entry.agents === undefined || matchesAny(entry.agents, agent);

/**
 * Returns a cached lookup of the rules and limits for an (agent, tool) pair, so a decision costs two map
 * reads however many rules the policy has.
 */
export function candidateLookup(
  rules: readonly CompiledRule[],
  limits: readonly CompiledLimit[],
): (agent: string, tool: string) => Candidates {
  const rulesFor = indexByTool(rules);
  const limitsFor = indexByTool(limits.map((limit, order) => ({ ...limit, order })));
  const cache = new Map<string, Map<string, Candidates>>();
  let size = 0;
  return (agent, tool) => {
    const hit = cache.get(tool)?.get(agent);
    if (hit) return hit;
    if (size >= MAX_CACHED_PAIRS) {
      cache.clear();
      size = 0;
    }
    const defaultDeny: Decision = Object.freeze({
      effect: "deny",
      rule: "default-deny",
      reason: `no rule allows agent "${agent}" to call "${tool}"`,
    });
    const entry: Candidates = Object.freeze({
      rules: rulesFor(tool).filter((rule) => appliesTo(rule, agent)),
      limits: limitsFor(tool).filter((limit) => appliesTo(limit, agent)),
      defaultDeny,
    });
    getOrCreate(cache, tool, () => new Map<string, Candidates>()).set(agent, entry);
    size++;
    return entry;
  };
}
