import { runChain } from "../approval/chain.js";
import type { SessionGrant, SessionGrants } from "../approval/grants.js";
import { hashArguments } from "../approval/hash.js";
import { requestsFor } from "../approval/request.js";
import type { ApprovalOutcome, Approver } from "../approval/types.js";
import { recordAnswered, recordGranted, recordOutcome, recordRequested } from "../audit/approval-events.js";
import { TOOLGATE_APPROVAL } from "../audit/semconv.js";
import type { ToolgateErrorCode } from "../errors.js";
import type { ApprovalNeed, Decision } from "../policy/decision.js";
import type { Redactor } from "../redact/index.js";
import { aborted, refuse } from "./refuse.js";
import type { Next, Stage, ToolCall } from "./types.js";

/**
 * Options of the {@link approve} stage.
 *
 * @example
 * ```ts
 * const options: ApproveOptions = { approvers: new Map([["owner", consoleApprover()]]), grants: new SessionGrants() };
 * ```
 */
export interface ApproveOptions {
  approvers: ReadonlyMap<string, Approver>;
  grants: SessionGrants;
  /** Replaces the built-in redaction of the input approvers see. */
  redact?: Redactor;
}

type Refusal = Exclude<ApprovalOutcome, { status: "approved" }>;

/** Refuses the call: the decision that asked for approval, turned to deny with why. */
const deny = (call: ToolCall, decision: Decision, code: ToolgateErrorCode, why: string, advice: string) =>
  refuse(call, code, { ...decision, effect: "deny", reason: `${decision.reason}; ${why}` }, advice);

function denied(call: ToolCall, decision: Decision, outcome: Refusal): Error {
  switch (outcome.status) {
    case "denied": {
      const why = `approver "${outcome.approver}" (${outcome.by}) rejected it${outcome.reason ? `: ${outcome.reason}` : ""}`;
      return deny(call, decision, "APPROVAL_DENIED", why, "Do not retry the same call; change it or ask the approver.");
    }
    case "timeout":
      return deny(
        call,
        decision,
        "APPROVAL_TIMEOUT",
        `approver "${outcome.approver}" did not answer in time`,
        "Retry later.",
      );
    case "failed":
      return deny(
        call,
        decision,
        "APPROVAL_FAILED",
        `approver "${outcome.approver}" ${outcome.problem}`,
        "Nothing was executed; the reason says what failed.",
      );
    case "aborted":
      return aborted(call, "while waiting for approval");
  }
}

function noApprover(call: ToolCall, decision: Decision, need: ApprovalNeed, approvers: ReadonlyMap<string, Approver>) {
  const missing = need.steps.flatMap((step) => step.approvers).find((name) => !approvers.has(name));
  if (need.steps.length > 0 && missing === undefined) return undefined;
  const why = missing ? `approver "${missing}" is not registered` : "no approver is configured";
  const advice = "Name approvers in the policy (rule or `approval.approvers`) and register them in createGate.";
  return deny(call, decision, "NO_APPROVER", why, advice);
}

// Hashing can fail (a BigInt, a cycle): such input has no canonical form, so it cannot be approved.
function hashOrRefuse(call: ToolCall, decision: Decision): string {
  try {
    return hashArguments(call.input);
  } catch (error) {
    const problem = `could not hash the input (${(error as Error).message})`;
    throw denied(call, decision, { status: "failed", approver: "toolgate", problem });
  }
}

type Approvals = Extract<ApprovalOutcome, { status: "approved" }>["approvals"];

// A grant needs every approver of the chain to have asked for one; the shortest wins.
function grantFrom(
  grants: SessionGrants,
  call: ToolCall,
  decision: Decision,
  need: ApprovalNeed,
  approvals: Approvals,
): SessionGrant | undefined {
  if (!approvals.every((approval) => approval.grantMs !== undefined)) return undefined;
  const grantMs = Math.min(...approvals.map((approval) => approval.grantMs ?? 0));
  const by = approvals.map((approval) => approval.by);
  return grants.add(call.agent.id, call.tool.name, decision.rule, need, by, Date.now() + grantMs);
}

// The hash of what the caller passed, when it has one: a framework's own approval UI saw that, not our output.
function rawHash(call: ToolCall): string | undefined {
  if (call.rawInput === call.input) return undefined;
  try {
    return hashArguments(call.rawInput);
  } catch {
    return undefined;
  }
}

/**
 * Dangerous calls wait here for their registered approvers. Fails closed: no approver, a throw, a timeout,
 * a malformed answer or an abort each deny. The approval is bound to the exact input it was asked for:
 * the input is hashed again afterwards, and nothing but the tool runs after this stage.
 *
 * @example
 * ```ts
 * const stage = approve({ approvers: new Map([["owner", consoleApprover()]]), grants: new SessionGrants() });
 * ```
 */
export function approve(options: ApproveOptions): Stage {
  // Synchronous for the calls that need no approval: no extra promise on the common path.
  return (call, next) =>
    call.decision?.effect === "require_approval" ? awaitApproval(options, call, call.decision, next) : next();
}

async function awaitApproval(
  options: ApproveOptions,
  call: ToolCall,
  decision: Decision,
  next: Next,
): Promise<unknown> {
  const need = decision.approval ?? { steps: [], timeoutMs: 0 };
  const { span, agent, tool } = call;
  span.setAttributes({
    [TOOLGATE_APPROVAL.required]: true,
    [TOOLGATE_APPROVAL.approvers]: need.steps.flatMap((step) => step.approvers),
  });
  const grant = options.grants.find(agent.id, tool.name, decision.rule, need, Date.now());
  if (grant) {
    recordGranted(span, grant);
    call.approvedBy = grant.by;
    return next();
  }
  const missing = noApprover(call, decision, need, options.approvers);
  if (missing) throw missing;
  const argsHash = hashOrRefuse(call, decision);
  const requestedAt = Date.now();
  const deadline = requestedAt + need.timeoutMs;
  const { traceId, spanId } = span.spanContext();
  const requestFor = requestsFor(
    {
      ...{ agent: agent.identity, tool, decision, input: call.input, argsHash, inputHash: rawHash(call) },
      callId: call.callId,
      ...{ conversationId: call.conversationId, traceId, spanId, requestedAt, expiresAt: deadline },
    },
    options.redact,
  );
  const outcome = await runChain(
    need,
    options.approvers,
    (approver) => {
      const request = requestFor(approver);
      recordRequested(span, request);
      return request;
    },
    call.signal,
    deadline,
    (answer, request) => recordAnswered(span, answer, request),
  );
  // Suspended (or aborted) while the answers came in: no grant, no execution.
  if (call.signal.aborted && outcome.status === "approved") throw aborted(call, "while waiting for approval");
  if (outcome.status !== "approved") {
    recordOutcome(span, outcome, Date.now() - requestedAt);
    throw denied(call, decision, outcome);
  }
  const latencyMs = Date.now() - requestedAt;
  const last = outcome.approvals.at(-1)?.approver ?? "?";
  const late: Refusal | undefined =
    Date.now() > deadline
      ? { status: "timeout", approver: last }
      : hashOrRefuse(call, decision) !== argsHash
        ? { status: "failed", approver: "toolgate", problem: "saw the input change after approval" }
        : undefined;
  if (late) {
    recordOutcome(span, late, latencyMs);
    throw denied(call, decision, late);
  }
  recordOutcome(span, outcome, latencyMs, grantFrom(options.grants, call, decision, need, outcome.approvals));
  call.approvedBy = outcome.approvals.map((approval) => approval.by);
  return next();
}
