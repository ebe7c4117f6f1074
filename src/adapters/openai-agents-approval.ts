import type { RunState, RunToolApprovalItem } from "@openai/agents";
import { type Agent, type ApprovalDecision, type Approver, callBoundApprover, type Gate } from "../index.js";

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
 * The toolgate side of the Agents SDK's approval interruptions. The run stops with an interruption; the
 * host answers it with `respond`, which approves or rejects it in the run state and records the answer for
 * that call id. The gate's approver then answers only for that call id, tool and exact input, once; a call
 * approved in the state some other way is denied (fail closed).
 *
 * @example
 * ```ts
 * const approvals = createRunApproval();
 * const gate = createGate({ policy, approvers: { user: approvals.approver } });
 * const tools = guardTools(gate.agent({ name: "ops-bot", owner: "team-ops" }), [deploy], {
 *   needsApproval: approvals.needsApproval(gate),
 * });
 * const bot = new Agent({ name: "ops-bot", model, tools });
 * let result = await run(bot, "ship it");
 * for (const item of result.interruptions) approvals.respond(result.state, item, { approved: true, by: "alice" });
 * result = await run(bot, result.state);
 * ```
 */
export interface RunApproval {
  /** Register it in `createGate({ approvers })` under the name the policy uses (default `"user"`). */
  readonly approver: Approver;
  /** For the `needsApproval` option of `guardTool(s)`: interrupts the run when the gate would need this approver. */
  needsApproval(gate: Gate): ApprovalCheck;
  /** Approves or rejects the interruption in `state` and records the answer for its call id. */
  respond(
    state: Pick<RunState<unknown, never>, "approve" | "reject">,
    item: RunToolApprovalItem,
    decision: ApprovalDecision,
  ): void;
}

function parseArguments(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return text;
  }
}

/**
 * Bridges toolgate's `require_approval` to the Agents SDK's `needsApproval` interruptions. `approver` is
 * the name the policy gives this approver; the run is interrupted only for calls that need it.
 *
 * @example
 * ```ts
 * const approvals = createRunApproval({ approver: "user" });
 * ```
 */
export function createRunApproval(options: { approver?: string } = {}): RunApproval {
  const answers = callBoundApprover(options.approver ?? "user");
  return {
    approver: answers.approver,
    // Denials are left to the gate, so they are refused (and audited) there.
    needsApproval: (gate) => async (agent, tool, input, conversationId, callId) => {
      const asked = answers.isAskedBy(await gate.check(agent, tool, input, { conversationId }));
      if (asked && callId) answers.expect(callId, { agentId: agent.id, conversationId });
      return asked;
    },
    respond(state, item, decision) {
      const callId = "callId" in item.rawItem ? item.rawItem.callId : undefined;
      if (decision.approved === true) {
        if (callId) answers.record(callId, item.name ?? "", parseArguments(item.arguments), decision);
        state.approve(item);
      } else {
        if (callId) answers.record(callId, item.name ?? "", undefined, decision);
        // What the model reads: the reason, not who rejected it.
        state.reject(item, {
          message: `The user rejected this call${decision.reason ? `: ${decision.reason}` : ""}. Do not retry it.`,
        });
      }
    },
  };
}
