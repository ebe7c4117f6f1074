import type { Decision } from "../policy/decision.js";
import { hashArguments } from "./hash.js";
import type { ApprovalDecision, Approver } from "./types.js";

/**
 * Answers given outside the gate (a framework's own approval UI) for specific tool calls, and the approver
 * that honours them: each answer applies to one call id, one tool and that exact input, once. A call with no
 * recorded answer is denied — fail closed.
 *
 * @example
 * ```ts
 * const answers = callBoundApprover("user");
 * const gate = createGate({ policy, approvers: { user: answers.approver } });
 * // when the framework's UI says yes for tool call "call_1":
 * answers.record("call_1", "delete_file", { path: "/tmp/x" }, { approved: true, by: "alice@example.com" });
 * ```
 */
export interface CallBoundApprover {
  /** The approver name this was made for, as the policy names it. */
  readonly name: string;
  /** Register it in `createGate({ approvers })` under `name`. */
  readonly approver: Approver;
  /** Records the answer for one call; only approvals are kept (a rejected call is never run). */
  record(callId: string, tool: string, input: unknown, decision: ApprovalDecision): void;
  /** True when a decision (from `gate.check`) needs this approver, so the framework should ask. */
  isAskedBy(decision: Decision): boolean;
}

/**
 * Creates a {@link CallBoundApprover}: the bridge between a framework's own approval flow and the gate.
 *
 * @example
 * ```ts
 * const answers = callBoundApprover("user");
 * if (answers.isAskedBy(gate.check(agent, "delete_file", input))) askTheUser();
 * ```
 */
export function callBoundApprover(name = "user"): CallBoundApprover {
  const recorded = new Map<string, ApprovalDecision & { tool: string; argsHash: string }>();
  const approver: Approver = async (request) => {
    const answer = recorded.get(request.callId);
    recorded.delete(request.callId); // single use: a recorded answer never approves a second call
    // Failures, not rejections: nobody said no, the bridge simply has no valid answer to pass on.
    if (!answer) throw new Error(`no answer was recorded for call ${request.callId}`);
    // The framework recorded what it saw: the input before the gate validated it (defaults, transforms).
    if (answer.tool !== request.tool.name || answer.argsHash !== (request.inputHash ?? request.argsHash)) {
      throw new Error(`the answer recorded for call ${request.callId} was for a different tool or input`);
    }
    const { tool: _tool, argsHash: _hash, ...decision } = answer;
    return decision;
  };
  return {
    name,
    approver,
    record(callId, tool, input, decision) {
      if (decision.approved === true) recorded.set(callId, { ...decision, tool, argsHash: hashArguments(input) });
    },
    isAskedBy: (decision) =>
      decision.effect === "require_approval" &&
      (decision.approval?.steps ?? []).some((step) => step.approvers.includes(name)),
  };
}
