import { runChain } from "../approval/chain.js";
import { hashArguments } from "../approval/hash.js";
import { requestsFor } from "../approval/request.js";
import type { ApprovalOutcome, Approver } from "../approval/types.js";
import { TOOLGATE_APPROVAL } from "../audit/semconv.js";
import { ToolgateError } from "../errors.js";
import type { ApprovalNeed, Decision } from "../policy/decision.js";
import { refuse } from "./refuse.js";
import type { Stage, ToolCall } from "./types.js";

/**
 * Options of the {@link approve} stage.
 *
 * @example
 * ```ts
 * const options: ApproveOptions = { approvers: new Map([["owner", async () => ({ approved: true, by: "alice" })]]) };
 * ```
 */
export interface ApproveOptions {
  approvers: ReadonlyMap<string, Approver>;
}

function denied(call: ToolCall, decision: Decision, outcome: Exclude<ApprovalOutcome, { status: "approved" }>): Error {
  const deny = (code: ConstructorParameters<typeof ToolgateError>[0]["code"], reason: string, advice: string) =>
    refuse(call, code, { ...decision, effect: "deny", reason: `${decision.reason}; ${reason}` }, advice);
  switch (outcome.status) {
    case "denied":
      return deny(
        "APPROVAL_DENIED",
        `approver "${outcome.approver}" (${outcome.by}) rejected it${outcome.reason ? `: ${outcome.reason}` : ""}`,
        "Do not retry the same call; change it or ask the approver.",
      );
    case "timeout":
      return deny(
        "APPROVAL_TIMEOUT",
        `approver "${outcome.approver}" did not answer in time`,
        "Retry when an approver is available.",
      );
    case "failed":
      return deny(
        "APPROVAL_FAILED",
        `approver "${outcome.approver}" ${outcome.problem}`,
        "Fix the approver; the call was denied.",
      );
    case "aborted": {
      const reason = call.signal.reason;
      if (reason instanceof ToolgateError) return reason;
      return deny("ABORTED", "the call was aborted while waiting for approval", "Nothing was executed.");
    }
  }
}

function missingApprover(
  call: ToolCall,
  decision: Decision,
  need: ApprovalNeed,
  approvers: ReadonlyMap<string, Approver>,
) {
  const missing = need.steps.flatMap((step) => step.approvers).find((name) => !approvers.has(name));
  if (need.steps.length > 0 && missing === undefined) return undefined;
  const reason = missing ? `approver "${missing}" is not registered` : "no approver is configured";
  return refuse(
    call,
    "NO_APPROVER",
    { ...decision, effect: "deny", reason: `${decision.reason}; ${reason}` },
    "Name approvers in the policy (rule or `approval.approvers`) and register them in createGate({ approvers }).",
  );
}

/**
 * Dangerous calls wait here for their registered approvers. Fails closed: no approver, a throw, a timeout,
 * a malformed answer or an abort each deny. The approval is bound to the exact input it was asked for.
 *
 * @example
 * ```ts
 * const stage = approve({ approvers: new Map([["owner", consoleApprover()]]) });
 * ```
 */
export function approve(options: ApproveOptions): Stage {
  return async (call, next) => {
    const decision = call.decision;
    if (decision?.effect !== "require_approval") return next();
    const need = decision.approval ?? { steps: [], timeoutMs: 0 };
    const { span } = call;
    span.setAttributes({
      [TOOLGATE_APPROVAL.required]: true,
      [TOOLGATE_APPROVAL.approvers]: need.steps.flatMap((step) => step.approvers),
    });
    const missing = missingApprover(call, decision, need, options.approvers);
    if (missing) throw missing;
    let argsHash: string;
    try {
      argsHash = hashArguments(call.input);
    } catch (error) {
      throw denied(call, decision, {
        status: "failed",
        approver: "toolgate",
        problem: `cannot hash the input: ${(error as Error).message}`,
      });
    }
    const requestedAt = Date.now();
    const deadline = requestedAt + need.timeoutMs;
    const { traceId, spanId } = span.spanContext();
    const basis = {
      agent: call.agent.identity,
      tool: call.tool,
      decision,
      input: call.input,
      argsHash,
      callId: call.callId,
    };
    const requestFor = requestsFor({
      ...basis,
      conversationId: call.conversationId,
      traceId,
      spanId,
      requestedAt,
      expiresAt: deadline,
    });
    const outcome = await runChain(
      need,
      options.approvers,
      (approver) => {
        const request = requestFor(approver);
        span.addEvent(TOOLGATE_APPROVAL.requestedEvent, {
          [TOOLGATE_APPROVAL.requestId]: request.id,
          [TOOLGATE_APPROVAL.approver]: approver,
          [TOOLGATE_APPROVAL.argsHash]: argsHash,
        });
        return request;
      },
      call.signal,
      deadline,
      (answer, request) =>
        span.addEvent(TOOLGATE_APPROVAL.answeredEvent, {
          [TOOLGATE_APPROVAL.requestId]: request.id,
          [TOOLGATE_APPROVAL.approver]: answer.approver,
          [TOOLGATE_APPROVAL.outcome]: answer.status,
          [TOOLGATE_APPROVAL.by]: "by" in answer ? answer.by : undefined,
          [TOOLGATE_APPROVAL.reason]:
            "reason" in answer ? answer.reason : "problem" in answer ? answer.problem : undefined,
        }),
    );
    span.setAttributes({
      [TOOLGATE_APPROVAL.outcome]: outcome.status,
      [TOOLGATE_APPROVAL.latencyMs]: Date.now() - requestedAt,
      [TOOLGATE_APPROVAL.by]:
        outcome.status === "approved" ? outcome.approvals.map((a) => a.by) : "by" in outcome ? [outcome.by] : [],
    });
    if (outcome.status !== "approved") throw denied(call, decision, outcome);
    // The approval covers this input only, and only until it expires.
    if (Date.now() > deadline)
      throw denied(call, decision, {
        status: "timeout",
        approver: outcome.approvals.at(-1)?.approver ?? "?",
      });
    if (hashArguments(call.input) !== argsHash) {
      throw denied(call, decision, {
        status: "failed",
        approver: "toolgate",
        problem: "saw the input change after approval",
      });
    }
    return next();
  };
}
