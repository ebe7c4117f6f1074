import type { Approver } from "./approval/types.js";
import { budgetsFor } from "./budgets.js";
import { type Agent, parentOf } from "./identity/agent.js";
import type { AgentRegistry } from "./identity/registry.js";
import { suspendedDecision } from "./pipeline/contain.js";
import { FlowTracker, flowDecision } from "./pipeline/flow.js";
import { exceededBudget, limitDecision, type RateLimiter } from "./pipeline/limit.js";
import type { CompiledPolicy } from "./policy/compiled.js";
import type { Decision } from "./policy/decision.js";
import { evaluateDelegated } from "./policy/delegation.js";
import type { Tool } from "./tool/tool.js";

/** The gate state a dry run reads (and never changes). */
export interface CheckState {
  compiled: CompiledPolicy;
  registry: AgentRegistry;
  limiter: RateLimiter;
  tracker: FlowTracker;
  approvers: ReadonlyMap<string, Approver>;
  tools: ReadonlyMap<string, Tool>;
}

/** `gate.check`: the decision the pipeline would reach, stage by stage, without running or consuming anything. */
export function checkCall(
  state: CheckState,
  agent: Agent,
  toolOrName: string | Tool,
  input: unknown,
  conversationId: string | undefined,
): Decision {
  const tool =
    typeof toolOrName === "string"
      ? (state.tools.get(toolOrName) ?? { name: toolOrName, risk: "medium" as const, tags: [] as string[] })
      : toolOrName;
  const suspension = state.registry.suspension(agent);
  if (suspension) return suspendedDecision(agent, suspension);
  let decision = evaluateDelegated(state.compiled, agent, parentOf, tool.name, tool.risk, input);
  if (decision.effect === "deny") return decision;
  const hit = exceededBudget(state.limiter, budgetsFor(state.compiled, agent, tool.name), Date.now());
  if (hit) return limitDecision(hit);
  const key = FlowTracker.key({ agent, conversationId });
  const matched = state.tracker.match(state.compiled.flows, key, tool as Tool, Date.now());
  if (matched) decision = flowDecision(matched.flow, matched.after, tool as Tool, decision);
  if (decision.effect === "require_approval") {
    const names = decision.approval?.steps.flatMap((step) => step.approvers) ?? [];
    const missing = names.length === 0 ? "no approver is configured" : undefined;
    if (missing) return { ...decision, effect: "deny", reason: `${decision.reason}; ${missing}` };
  }
  return decision;
}
