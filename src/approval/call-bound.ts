import type { Decision } from "../policy/decision.js";
import { hashArguments } from "./hash.js";
import type { ApprovalDecision, Approver } from "./types.js";

/**
 * Who a call that the framework is asking about belongs to: an answer recorded for it is honoured only
 * for a request from that agent in that conversation.
 *
 * @example
 * ```ts
 * const scope: CallScope = { agentId: agent.id, conversationId: "thread-1" };
 * ```
 */
export interface CallScope {
  agentId: string;
  conversationId?: string | undefined;
}

/**
 * Answers given outside the gate (a framework's own approval UI) for specific tool calls, and the approver
 * that honours them: each answer applies to one call id, one tool and that exact input (as the framework saw
 * it) — and to the agent and conversation `expect` named — once, for at most `ttlMs`. A call without a valid
 * answer fails (`APPROVAL_FAILED`) — fail closed.
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
  /** Notes which agent and conversation a call being asked about belongs to (call before `record`). */
  expect(callId: string, scope: CallScope): void;
  /** Records the answer for one call. A rejection also drops any earlier answer for that call id. */
  record(callId: string, tool: string, input: unknown, decision: ApprovalDecision): void;
  /** True when a decision (from `gate.check`) needs this approver, so the framework should ask. */
  isAskedBy(decision: Decision): boolean;
}

interface Recorded extends ApprovalDecision {
  tool: string;
  argsHash: string;
  scope: CallScope | undefined;
  expiresAt: number;
}

const DEFAULT_TTL_MS = 900_000;

function check(answer: Recorded | undefined, request: Parameters<Approver>[0]): ApprovalDecision {
  // Failures, not rejections: nobody said no, the bridge simply has no valid answer to pass on.
  if (!answer) throw new Error(`no answer was recorded for call ${request.callId}`);
  const sameCall = answer.tool === request.tool.name && answer.argsHash === (request.inputHash ?? request.argsHash);
  const sameScope =
    !answer.scope ||
    (answer.scope.agentId === request.agent.id && answer.scope.conversationId === request.conversationId);
  if (!sameCall || !sameScope || Date.now() > answer.expiresAt) {
    throw new Error(`the answer recorded for call ${request.callId} was for another call, agent or time`);
  }
  const { tool: _tool, argsHash: _hash, scope: _scope, expiresAt: _expires, ...decision } = answer;
  return decision;
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
export function callBoundApprover(name = "user", options: { ttlMs?: number } = {}): CallBoundApprover {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const recorded = new Map<string, Recorded>();
  const scopes = new Map<string, CallScope>();
  const approver: Approver = async (request) => {
    const answer = recorded.get(request.callId);
    recorded.delete(request.callId); // single use: a recorded answer never approves a second call
    return check(answer, request);
  };
  return {
    name,
    approver,
    expect: (callId, scope) => void scopes.set(callId, { ...scope }),
    record(callId, tool, input, decision) {
      const scope = scopes.get(callId);
      scopes.delete(callId);
      if (decision.approved !== true) {
        recorded.delete(callId);
        return;
      }
      recorded.set(callId, { ...decision, tool, argsHash: hashArguments(input), scope, expiresAt: Date.now() + ttlMs });
    },
    isAskedBy: (decision) =>
      decision.effect === "require_approval" &&
      (decision.approval?.steps ?? []).some((step) => step.approvers.includes(name)),
  };
}
