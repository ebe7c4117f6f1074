import { ToolgateError } from "../errors.js";
import { checkText } from "../internal/checked-text.js";
import { type Clock, systemClock } from "../internal/clock.js";
import type { Decision } from "../policy/decision.js";
import { parseDuration } from "../policy/duration.js";
import type { Duration } from "../policy/types.js";
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
 * that honours them. `expect` binds a call id to the agent and conversation it belongs to; `record` keeps the
 * user's answer for that call id, tool and exact input; the approver honours it for a request from that
 * agent, conversation, call id, tool and input, once, within `ttl`. A call without a valid answer fails
 * (`APPROVAL_FAILED`) — fail closed.
 *
 * @example
 * ```ts
 * const answers = callBoundApprover("user");
 * const gate = createGate({ policy, approvers: { user: answers.approver } });
 * // when the framework asks whether tool call "call_1" needs approval:
 * answers.expect("call_1", { agentId: agent.id, conversationId: "thread-1" });
 * // when its UI says yes:
 * answers.record("call_1", "delete_file", { path: "/tmp/x" }, { approved: true, by: "alice@example.com" });
 * ```
 */
export interface CallBoundApprover {
  /** The approver name this was made for, as the policy names it. */
  readonly name: string;
  /** Register it in `createGate({ approvers })` under `name`. */
  readonly approver: Approver;
  /**
   * Binds a call id to its agent and conversation. The same call id expected for another scope is a separate
   * binding: it never takes over this one.
   */
  expect(callId: string, scope: CallScope): void;
  /**
   * Records the answer for an expected call: `scope` picks the binding when the call id was expected for more
   * than one. A rejection drops the binding (without `scope`, every binding of the call id) and any earlier
   * answer.
   */
  record(callId: string, tool: string, input: unknown, decision: ApprovalDecision, scope?: CallScope): void;
  /** True when a decision (from `gate.check`) needs this approver, so the framework should ask. */
  isAskedBy(decision: Decision): boolean;
}

interface Expected {
  readonly until: number;
  answer?: ApprovalDecision & { tool: string; argsHash: string };
}

// One binding per call id, agent and conversation: a call id chosen by a model or framework may repeat.
const keyOf = (callId: string, agentId: string, conversationId: string | undefined) =>
  `${callId}\u0000${agentId}\u0000${conversationId ?? ""}`;

const DEFAULT_TTL_MS = 900_000;
const MAX_TTL_MS = 86_400_000;
const MAX_CALLS = 10_000;

const invalid = (message: string) =>
  new ToolgateError({ code: "INVALID_ARGUMENT", message: `callBoundApprover: ${message}` });

function ttlOf(ttl: unknown): number {
  if (ttl === undefined) return DEFAULT_TTL_MS;
  const ms = parseDuration(ttl);
  if (ms === undefined || ms > MAX_TTL_MS) throw invalid('`ttl` must be a duration such as "15m", at most 24h.');
  return ms;
}

/**
 * Creates a {@link CallBoundApprover}: the bridge between a framework's own approval flow and the gate.
 *
 * @example
 * ```ts
 * const answers = callBoundApprover("user", { ttl: "10m" });
 * if (answers.isAskedBy(await gate.check(agent, "delete_file", input))) askTheUser();
 * ```
 */
export function callBoundApprover(name = "user", options: { ttl?: Duration; clock?: Clock } = {}): CallBoundApprover {
  checkText("callBoundApprover", "name", name, true);
  const ttlMs = ttlOf(options.ttl);
  const clock = options.clock ?? systemClock;
  const calls = new Map<string, Expected>();
  // Expired bindings and answers are released as new ones arrive, and there are never more than MAX_CALLS.
  const release = () => {
    const now = clock.now();
    for (const [key, expected] of calls) if (expected.until <= now || calls.size > MAX_CALLS) calls.delete(key);
  };
  const approver: Approver = async (request) => {
    const key = keyOf(request.callId, request.agent.id, request.conversationId);
    const expected = calls.get(key);
    calls.delete(key); // single use: a recorded answer never approves a second call
    // Failures, not rejections: nobody said no, the bridge simply has no valid answer to pass on.
    const answer = expected?.answer;
    if (!expected || !answer)
      throw new Error(`no answer was recorded for call ${request.callId} of this agent and conversation`);
    const sameCall = answer.tool === request.tool.name && answer.argsHash === request.argsHash;
    if (!sameCall || clock.now() >= expected.until) {
      throw new Error(`the answer recorded for call ${request.callId} was for another tool, input or time`);
    }
    const { tool: _tool, argsHash: _hash, ...decision } = answer;
    return decision;
  };
  const scoped = (what: string, callId: unknown, scope: CallScope | undefined) => {
    checkText(what, "callId", callId, true);
    const agentId = checkText(what, "agentId", scope?.agentId, true) as string;
    return keyOf(callId as string, agentId, checkText(what, "conversationId", scope?.conversationId, false));
  };
  // Without a scope, record() answers the one binding of the call id; with several it must be told which.
  const bindingOf = (callId: string, scope: CallScope | undefined): string => {
    if (scope) return scoped("callBoundApprover.record", callId, scope);
    const prefix = `${callId}\u0000`;
    const keys = [...calls.keys()].filter(
      (key) => key.startsWith(prefix) && (calls.get(key)?.until ?? 0) > clock.now(),
    );
    if (keys.length === 1) return keys[0] as string;
    throw invalid(
      keys.length === 0
        ? `call "${callId}" was never expected (or its binding expired); call expect() when the framework asks.`
        : `call "${callId}" was expected for ${keys.length} agents or conversations; pass the scope to record().`,
    );
  };
  return {
    name,
    approver,
    expect(callId, scope) {
      const key = scoped("callBoundApprover.expect", callId, scope);
      const existing = calls.get(key);
      if (existing && clock.now() < existing.until) return;
      release();
      calls.set(key, { until: clock.now() + ttlMs });
    },
    record(callId, tool, input, decision, scope) {
      if (decision?.approved !== true && !scope) {
        // A rejection fails closed whichever binding it was for: drop them all.
        for (const key of [...calls.keys()]) if (key.startsWith(`${callId}\u0000`)) calls.delete(key);
        return;
      }
      const key = bindingOf(callId, scope);
      const expected = calls.get(key);
      if (!expected || clock.now() >= expected.until) {
        throw invalid(
          `call "${callId}" was never expected for this scope (or its binding expired); call expect() first.`,
        );
      }
      if (decision?.approved !== true) {
        calls.delete(key);
        return;
      }
      expected.answer = { ...decision, tool, argsHash: hashArguments(input) };
    },
    isAskedBy: (decision) =>
      decision.effect === "require_approval" &&
      (decision.approval?.steps ?? []).some((step) => step.approvers.includes(name)),
  };
}
