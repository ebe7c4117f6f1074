import type { SessionGrants } from "./approval/grants.js";
import { budgetsFor } from "./budgets.js";
import { type Agent, parentOf } from "./identity/agent.js";
import type { AgentRegistry } from "./identity/registry.js";
import { suspendedDecision } from "./pipeline/contain.js";
import { FlowTracker, flowDecision } from "./pipeline/flow.js";
import { exceededBudget, limitDecision, type RateLimiter } from "./pipeline/limit.js";
import { invalidInputDecision, schemaProblems } from "./pipeline/validate.js";
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
  tools: ReadonlyMap<string, Tool>;
  grants: SessionGrants;
}

// The input as the pipeline would see it: validated by the tool's schema when that can be done synchronously.
function validated(tool: Tool | undefined, input: unknown): { value: unknown } | { refusal: Decision } {
  if (!tool) return { value: input };
  let result: ReturnType<Tool["input"]["~standard"]["validate"]>;
  try {
    result = tool.input["~standard"].validate(input);
  } catch (thrown) {
    return { refusal: invalidInputDecision(schemaProblems({ thrown })) };
  }
  if (result instanceof Promise) return { value: input }; // an async schema: decided on the input as given
  if (result.issues) return { refusal: invalidInputDecision(schemaProblems({ issues: result.issues })) };
  return { value: result.value };
}

/** `gate.check`: the decision the pipeline would reach, stage by stage, without running or consuming anything. */
export function checkCall(
  state: CheckState,
  agent: Agent,
  toolOrName: string | Tool,
  input: unknown,
  conversationId: string | undefined,
): Decision {
  const known = typeof toolOrName === "string" ? state.tools.get(toolOrName) : toolOrName;
  const tool = known ?? { name: toolOrName as string, risk: "medium" as const, tags: [] as string[] };
  const suspension = state.registry.suspension(agent);
  if (suspension) return suspendedDecision(agent, suspension);
  const checked = validated(known, input);
  if ("refusal" in checked) return checked.refusal;
  let decision = evaluateDelegated(state.compiled, agent, parentOf, tool.name, tool.risk, checked.value);
  if (decision.effect === "deny") return decision;
  const now = Date.now();
  const hit = exceededBudget(state.limiter, budgetsFor(state.compiled, agent, tool.name), now);
  if (hit) return limitDecision(hit);
  const key = FlowTracker.key({ agent, conversationId });
  const matched = state.tracker.match(state.compiled.flows, key, tool as Tool, now);
  if (matched) decision = flowDecision(matched.flow, matched.after, tool as Tool, decision);
  if (decision.effect !== "require_approval" || !decision.approval) return decision;
  if (decision.approval.steps.length === 0) {
    return { ...decision, effect: "deny", reason: `${decision.reason}; no approver is configured` };
  }
  const grant = state.grants.find(agent.id, tool.name, decision.rule, decision.approval, now);
  if (!grant) return decision;
  return {
    ...decision,
    effect: "allow",
    reason: `${decision.reason}; covered by session grant ${grant.id} until ${grant.expiresAt}`,
  };
}
