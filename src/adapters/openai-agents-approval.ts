import type { Agent as AgentsAgent, RunState, RunToolApprovalItem } from "@openai/agents";
import type { Approver } from "../approval/types.js";
import { ToolgateError } from "../errors.js";
import type { Gate } from "../gate/types.js";
import type { Agent } from "../identity/agent.js";
import { recordRejection } from "./core/audit.js";
import { type BridgeOptions, createBridge, type FrameworkDecision } from "./core/bridge.js";
import { bindingOf, type ToolBinding } from "./openai-agents-bindings.js";

// biome-ignore lint/suspicious/noExplicitAny: a run state of any agent
type AnyAgentsAgent = AgentsAgent<any, any>;

/**
 * Decides, for a guarded tool's `needsApproval`, whether the gate would ask this bridge's approver.
 *
 * @example
 * ```ts
 * const tools = guardTools(agent, [deploy], { needsApproval: approvals.needsApproval(gate) });
 * ```
 */
export type ApprovalCheck = (
  agent: Agent,
  tool: string,
  input: unknown,
  conversationId: string | undefined,
  callId?: string,
) => Promise<boolean>;

/**
 * The toolgate side of the Agents SDK's approval interruptions (see {@link createRunApproval}).
 *
 * @example
 * ```ts
 * const approvals = createRunApproval({ store });
 * const gate = createGate({ policy, store, approvers: { user: approvals.approver } });
 * const tools = guardTools(gate.agent({ id: "agt_ops", name: "ops-bot", owner: "team-ops" }), [deploy], {
 *   needsApproval: approvals.needsApproval(gate),
 * });
 * const bot = new Agent({ name: "ops-bot", model, tools });
 * let result = await run(bot, "ship it");
 * for (const item of result.interruptions) await approvals.respond(result.state, item, { approved: true, by: "alice" });
 * result = await run(bot, result.state); // or RunState.fromString(bot, saved) in another process
 * ```
 */
export interface RunApproval {
  /** Register it in `createGate({ approvers })` under the name the policy uses (default `"user"`). */
  readonly approver: Approver;
  /** For the `needsApproval` option of `guardTool(s)`: interrupts the run when the gate would need this approver. */
  needsApproval(gate: Gate): ApprovalCheck;
  /**
   * Records the answer and approves or rejects the interruption in `state`. `always: true` approves (a session
   * grant, and the SDK's "always approve") or rejects the agent's later calls of the tool under the same rule —
   * those reach the gate, which refuses and records each. A rejection is run through the gate and recorded.
   */
  respond(
    state: Pick<RunState<unknown, AnyAgentsAgent>, "approve" | "reject"> & { _context?: unknown },
    item: RunToolApprovalItem,
    decision: FrameworkDecision,
  ): Promise<void>;
}

const parseArguments = (text: string | undefined): unknown => {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return text;
  }
};

/** The guarded tool the interruption is about, looked up on the interrupted agent (its MCP tools included). */
async function bindingFor(item: RunToolApprovalItem, runContext: unknown): Promise<ToolBinding> {
  const sdkAgent = item.agent as unknown as { tools: unknown[]; getAllTools?: (rc: unknown) => Promise<unknown[]> };
  const tools = [...sdkAgent.tools, ...((await sdkAgent.getAllTools?.(runContext)) ?? [])];
  const found = tools.map(bindingOf).find((binding) => binding?.name === item.name);
  if (found) return found;
  throw new ToolgateError({
    code: "INVALID_ARGUMENT",
    message: `respond: "${item.name}" is not a tool toolgate guarded on agent "${item.agent.name}"; guard it with guardTool(s) or guardAgent.`,
  });
}

/**
 * Bridges toolgate's `require_approval` to the Agents SDK's approval interruptions. Questions and answers are
 * kept in `store` (pass the gate's store so a run serialized with `RunState.toString()` resumes in another
 * process and finds its answer): an approval runs its exact call once — a replayed resume does not run it again.
 *
 * @example
 * ```ts
 * const approvals = createRunApproval({ approver: "user", store: gate.store });
 * ```
 */
export function createRunApproval(options: BridgeOptions = {}): RunApproval {
  const bridge = createBridge(options);
  return {
    approver: bridge.approver,
    needsApproval: (gate) => async (agent, tool, input, conversationId, callId) => {
      if (!callId) return false; // nothing to bind an answer to: the gate asks its approvers and fails closed
      const verdict = await bridge.verdict(gate, { agent, tool, input, callId, conversationId });
      return verdict.kind === "ask";
    },
    async respond(state, item, decision) {
      const binding = await bindingFor(item, state._context);
      const callId = "callId" in item.rawItem ? item.rawItem.callId : undefined;
      if (!callId)
        throw new ToolgateError({ code: "INVALID_ARGUMENT", message: "respond: the interruption has no call id." });
      const input = parseArguments(item.arguments);
      const conversationId = binding.conversationOf(state._context as never);
      const call = { agent: binding.agent, tool: binding.name, input, callId, conversationId };
      await bridge.answer(call, decision);
      if (decision.approved === true) return state.approve(item, { alwaysApprove: decision.always === true });
      await recordRejection(binding.gated, input, { callId, conversationId });
      // Only this call: later ones must still reach the gate, which refuses them (and records each).
      const reason = decision.reason ? `: ${decision.reason}` : "";
      state.reject(item, { message: `The user rejected this call${reason}. Do not retry it.` });
    },
  };
}
