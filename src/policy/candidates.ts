import type { Candidates, CompiledLimit, CompiledRule } from "./compiled.js";
import type { Decision } from "./decision.js";
import { PairIndex } from "./pair-index.js";

// Each part is looked up when first read: a decision reads the rules, admission the limits.
class Found implements Candidates {
  readonly #index: CandidateIndex;
  readonly #agent: string;
  readonly #tool: string;
  #rules: readonly CompiledRule[] | undefined;
  #limits: readonly CompiledLimit[] | undefined;
  #defaultDeny: Decision | undefined;

  constructor(index: CandidateIndex, agent: string, tool: string) {
    this.#index = index;
    this.#agent = agent;
    this.#tool = tool;
  }

  get rules(): readonly CompiledRule[] {
    this.#rules ??= this.#index.rules.lookup(this.#agent, this.#tool);
    return this.#rules;
  }

  get limits(): readonly CompiledLimit[] {
    this.#limits ??= this.#index.limits.lookup(this.#agent, this.#tool);
    return this.#limits;
  }

  get defaultDeny(): Decision {
    this.#defaultDeny ??= Object.freeze({
      effect: "deny",
      rule: "default-deny",
      reason: `no rule allows agent "${this.#agent}" to call "${this.#tool}"`,
    });
    return this.#defaultDeny;
  }
}

interface CandidateIndex {
  readonly rules: PairIndex<CompiledRule>;
  readonly limits: PairIndex<CompiledLimit>;
}

/**
 * Returns the lookup of the rules and limits for an (agent, tool) pair: a flat index of the policy's globs
 * (see `PairIndex`), so a decision costs about the same for the first call of a pair as for the millionth,
 * however many rules the policy has, and nothing is kept per pair.
 */
export function candidateLookup(
  rules: readonly CompiledRule[],
  limits: readonly CompiledLimit[],
): (agent: string, tool: string) => Candidates {
  const index: CandidateIndex = { rules: new PairIndex(rules), limits: new PairIndex(limits) };
  return (agent, tool) => new Found(index, agent, tool);
}
