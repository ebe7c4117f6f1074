import { getOrCreate } from "../internal/get-or-create.js";
import type { Risk } from "../tool/risk.js";
import type { CompiledPolicy } from "./compiled.js";
import type { Decision } from "./decision.js";
import { evaluate } from "./evaluate.js";
import { compileGlob, type Glob, matchesAny } from "./glob.js";

/** An agent as delegation sees it: its name, the tools it was limited to, and its parent. */
export interface Delegable {
  readonly name: string;
  readonly delegatedTools: readonly string[] | undefined;
  readonly parent: Delegable | undefined;
}

const compiledTools = new WeakMap<Delegable, readonly Glob[]>();
const rank = { allow: 0, require_approval: 1, deny: 2 } as const;

/**
 * Decides a call for an agent that may be a delegate: the tool must be in the delegate's list, its parent
 * must be allowed (recursively), and rules naming the delegate may restrict it further but never widen it.
 */
export function evaluateDelegated(
  policy: CompiledPolicy,
  agent: Delegable,
  tool: string,
  risk: Risk,
  input: unknown,
): Decision {
  if (!agent.parent || !agent.delegatedTools) return evaluate(policy, agent.name, tool, risk, input);
  const delegated = agent.delegatedTools;
  const globs = getOrCreate(compiledTools, agent, () => delegated.map(compileGlob));
  if (!matchesAny(globs, tool)) {
    return {
      effect: "deny",
      rule: "delegation",
      reason: `delegate "${agent.name}" was given only [${agent.delegatedTools.join(", ")}], not "${tool}"`,
    };
  }
  const inherited = evaluateDelegated(policy, agent.parent, tool, risk, input);
  if (inherited.effect === "deny") return inherited;
  const own = evaluate(policy, agent.name, tool, risk, input);
  // The delegate's own default-deny does not apply: it acts within its parent's grant.
  if (own.rule === "default-deny") return inherited;
  return rank[own.effect] > rank[inherited.effect] ? own : inherited;
}
