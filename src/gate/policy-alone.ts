import type { Agent } from "../identity/agent.js";
import type { CompiledPolicy } from "../policy/compiled.js";
import { ruleNeedsApproval } from "../policy/evaluate.js";
import type { Tool } from "../tool/tool.js";

/**
 * Whether any rule that can decide a call of `tool` by `agent` (a candidate for any member of its delegation chain,
 * as every decider of the chain looks them up) may ask for approval: an allow rule whose own need, or the tool's risk,
 * sends it to approvers, or whose decision is anything but a plain allow. Read once per guard: the policy, the
 * chain's names and the tool never change.
 *
 * @example
 * ```ts
 * const asks = mayAskApproval(policy.compiled, agent, guarded); // true: keep the approval stage for this guard
 * ```
 */
export function mayAskApproval(policy: CompiledPolicy, agent: Agent, tool: Tool): boolean {
  for (const member of agent.members) {
    for (const rule of policy.candidates(member.name, tool.name).rules) {
      if (rule.effect === "deny") continue;
      if (rule.decision.effect !== "allow" || ruleNeedsApproval(policy, rule, tool.risk)) return true;
    }
  }
  return false;
}
