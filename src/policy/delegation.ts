import { getOrCreate } from "../internal/get-or-create.js";
import type { Risk } from "../tool/risk.js";
import type { CompiledPolicy } from "./compiled.js";
import type { Decision } from "./decision.js";
import { evaluate } from "./evaluate.js";
import { compileGlob, type Glob, matchesAny } from "./glob.js";
import { strictest } from "./merge.js";
import type { PreparedInput } from "./prepared.js";

/** An agent as delegation sees it: its name and the tools it was limited to (for a delegate). */
export interface Delegable {
  readonly name: string;
  readonly delegatedTools: readonly string[] | undefined;
}

const compiledTools = new WeakMap<Delegable, readonly Glob[]>();

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
  const parent = parentOf(agent);
  if (!parent || !agent.delegatedTools) return evaluate(policy, agent.name, tool, risk, input, prepared);
  const delegated = agent.delegatedTools;
  const globs = getOrCreate(compiledTools, agent, () => delegated.map((pattern) => compileGlob(pattern)));
  if (!matchesAny(globs, tool)) {
    return {
      effect: "deny",
      rule: "delegation",
      reason: `delegate "${agent.name}" was given only [${delegated.join(", ")}], not "${tool}"`,
    };
  }
  const inherited = evaluateDelegated(policy, parent, parentOf, tool, risk, input, prepared);
  if (inherited.effect === "deny") return inherited;
  const own = evaluate(policy, agent.name, tool, risk, input, prepared);
  // The delegate's own default-deny does not apply: it acts within its parent's grant.
  return own.rule === "default-deny" ? inherited : strictest(inherited, own);
}
