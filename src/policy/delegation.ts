import { getOrCreate } from "../internal/get-or-create.js";
import type { Risk } from "../tool/risk.js";
import type { CompiledPolicy } from "./compiled.js";
import type { Decision } from "./decision.js";
import { evaluateCandidates } from "./evaluate.js";
import { compileGlob, type Glob, matchesAny } from "./glob.js";
import { strictest } from "./merge.js";
import type { PreparedInput } from "./prepared.js";

/** An agent as delegation sees it: its name and the tools it was limited to (for a delegate). */
export interface Delegable {
  readonly name: string;
  readonly delegatedTools: readonly string[] | undefined;
}

/** The decision for one agent and one tool, from the input (the conditions are all that is left to evaluate). */
export type Decider = (input: unknown, prepared: PreparedInput | undefined) => Decision;

const compiledTools = new WeakMap<Delegable, readonly Glob[]>();

// The decider keeps the pair's candidates, which look the rules up at the first decision and build the default
// deny (a sentence naming the pair) only for a decision that needs it: a guard that is always allowed never does.
function ownDecider(policy: CompiledPolicy, agent: string, tool: string, risk: Risk): Decider {
  const candidates = policy.candidates(agent, tool);
  return (input, prepared) => evaluateCandidates(policy, candidates, risk, input, prepared);
}

/**
 * Looks up, once, everything that decides calls of `tool` by `agent` apart from the input: the candidate rules of
 * the agent and of every ancestor, and whether each delegate was given the tool. The decider it returns evaluates
 * conditions only, exactly as {@link evaluateDelegated} decides (a guard keeps one: its agent and tool never change).
 */
export function delegatedDecider<A extends Delegable>(
  policy: CompiledPolicy,
  agent: A,
  parentOf: (agent: A) => A | undefined,
  tool: string,
  risk: Risk,
): Decider {
  const parent = parentOf(agent);
  if (!parent || !agent.delegatedTools) return ownDecider(policy, agent.name, tool, risk);
  const delegated = agent.delegatedTools;
  const globs = getOrCreate(compiledTools, agent, () => delegated.map((pattern) => compileGlob(pattern)));
  if (!matchesAny(globs, tool)) {
    const refused: Decision = Object.freeze({
      effect: "deny",
      rule: "delegation",
      reason: `delegate "${agent.name}" was given only [${delegated.join(", ")}], not "${tool}"`,
    });
    return () => refused;
  }
  const inherit = delegatedDecider(policy, parent, parentOf, tool, risk);
  const own = ownDecider(policy, agent.name, tool, risk);
  return (input, prepared) => {
    const inherited = inherit(input, prepared);
    if (inherited.effect === "deny") return inherited;
    const decided = own(input, prepared);
    // The delegate's own default-deny does not apply: it acts within its parent's grant.
    return decided.rule === "default-deny" ? inherited : strictest(inherited, decided);
  };
}

/**
 * Decides a call for an agent that may be a delegate: the tool must be in the delegate's list, its parent
 * must be allowed (recursively), and rules naming the delegate may restrict it further but never widen it.
 * `prepared` is what `policy.prepare(input)` looked up for `realpath` conditions.
 */
export function evaluateDelegated<A extends Delegable>(
  policy: CompiledPolicy,
  agent: A,
  parentOf: (agent: A) => A | undefined,
  tool: string,
  risk: Risk,
  input: unknown,
  prepared?: PreparedInput,
): Decision {
  return delegatedDecider(policy, agent, parentOf, tool, risk)(input, prepared);
}
