import type { AttributeValue } from "@opentelemetry/api";
import type { Answer, Deadline } from "../approval/ask.js";
import { type Asking, type ChainEnd, type RequestFor, runChain } from "../approval/chain.js";
import { type RequestBasis, requestsFor } from "../approval/request.js";
import type { ApprovalOutcome, ApprovalRequest, Approver } from "../approval/types.js";
import { recordAnswered, recordGranted, recordOutcome, recordRequested } from "../audit/approval-events.js";
import type { TOOLGATE_APPROVAL } from "../audit/semconv.js";
import { ToolgateError, type ToolgateErrorCode } from "../errors.js";
import type { Awaitable } from "../internal/awaitable.js";
import { argsHashOf } from "../internal/canonical.js";
import type { Clock } from "../internal/clock.js";
import { newGrantId } from "../internal/ids.js";
import { holdsBytes } from "../internal/snapshot.js";
import type { ApprovalNeed, Decision } from "../policy/decision.js";
import { type HiddenValue, type Redactor, reveal } from "../redact/index.js";
import type { Store, StoredGrant } from "../store/types.js";
import { beforeAsking, coveredBy, deniedBecause } from "./approval-checks.js";
import { grantKey } from "./grant-key.js";
import { argsHash } from "./input.js";
import { aborted, refuse } from "./refuse.js";
import { proceed, wouldAsk } from "./shadow-approval.js";
import { callAborted, callSignal } from "./signal.js";
import type { CallState } from "./types.js";

/**
 * The real value behind one of a request's hidden spots, for an approver in this process, recorded first (the
 * ledger, and the span): who looked at what is part of the record.
 */
function revealed(options: ApproveOptions, call: CallState, request: ApprovalRequest, index: number): unknown {
  const spot = request.hidden[index];
  if (!Number.isInteger(index) || !spot) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: `reveal(${index}): request ${request.id} hides ${request.hidden.length} value(s); pass an index of request.hidden.`,
    });
  }
  options.onReveal(call, request, spot);
  return reveal(call.input, index);
}

/**
 * Options of the {@link approve} stage.
 *
 * @example
 * ```ts
 * const options: ApproveOptions = { approvers: new Map([["owner", consoleApprover()]]), store, clock: systemClock, rememberDenialsMs: 3_600_000, onReveal: () => {} };
 * ```
 */
export interface ApproveOptions {
  approvers: ReadonlyMap<string, Approver>;
  store: Store;
  clock: Clock;
  /** How long a rejection is remembered: a retry of the same call within it is refused without asking. */
  rememberDenialsMs: number;
  /** Replaces the built-in redaction of the input approvers see. */
  redact?: Redactor;
  /** Records that an approver looked at a hidden value (the ledger, the span). */
  onReveal: (call: CallState, request: ApprovalRequest, spot: HiddenValue) => void;
  /** Told how each wait for approvers ended and how long it took (monotonic ms): the approval metric. */
  onApprovalEnded?: (outcome: ApprovalOutcome["status"], latencyMs: number) => void;
}

type Refusal = Exclude<ApprovalOutcome, { status: "approved" }>;
type Approvals = Extract<ApprovalOutcome, { status: "approved" }>["approvals"];

/** Refuses the call: the decision that asked for approval, turned to deny with why. */
const deny = (call: CallState, decision: Decision, code: ToolgateErrorCode, why: string, advice: string) =>
  refuse(call, code, deniedBecause(decision, why), advice);

function denied(call: CallState, decision: Decision, outcome: Refusal): Error {
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
    case "failed": {
      const why = `approver "${outcome.approver}" ${outcome.problem}`;
      return deny(call, decision, "APPROVAL_FAILED", why, "Nothing was executed; the reason says what failed.");
    }
    case "aborted":
      return aborted(call, "while waiting for approval");
  }
}

/**
 * Dangerous calls wait here for their registered approvers. Fails closed: no approver, a throw, a timeout, a
 * malformed answer or an abort each deny. The approval is bound to the exact decided value (`argsHash`), and a
 * rejection is remembered, so retrying the same call is refused without asking again. Nothing but the tool
 * runs after this stage. In a dry run (`gate.check`) nobody is asked; in shadow mode nobody is asked either, and
 * what would have happened (asked, refused, covered by a grant) is recorded as the would-be decision.
 *
 * @example
 * ```ts
 * const stage = approve({ approvers, store, clock: systemClock, rememberDenialsMs: 3_600_000, onReveal: () => {} });
 * ```
 */
export function approve(options: ApproveOptions) {
  // Synchronous for the calls that need no approval: no extra promise on the common path.
  return (call: CallState, next: () => Promise<unknown>): unknown => {
    if (call.startedAt !== undefined) call.decidedAt = options.clock.now();
    const { decision } = call;
    if (decision?.effect !== "require_approval") return proceed(call, next);
    return call.shadow
      ? wouldAsk(options.approvers, call, decision, next)
      : awaitApproval(options, call, decision, next);
  };
}

function fromGrant(call: CallState, decision: Decision, grant: StoredGrant, next: () => Promise<unknown>) {
  if (call.dryRun) call.decision = coveredBy(decision, grant);
  else {
    recordGranted(call.span, grant);
    call.approvedBy = grant.by;
  }
  return proceed(call, next);
}

/** Asks the approvers (when nothing settled the approval before), then goes on as their answers say. */
function awaitApproval(options: ApproveOptions, call: CallState, decision: Decision, next: () => Promise<unknown>) {
  const need = decision.approval ?? { steps: [], timeoutMs: 0 };
  const { span, agent, tool, dryRun } = call;
  // Tracing off: nothing is built for a span that records nothing (the ledger reads the call, not the span).
  const recording = span.isRecording();
  if (!dryRun && recording) {
    span.setAttributes({
      "toolgate.approval.required": true,
      "toolgate.approval.approvers": need.steps.flatMap((step) => step.approvers),
    } satisfies Record<(typeof TOOLGATE_APPROVAL)["required" | "approvers"], AttributeValue>);
  }
  const settled = beforeAsking(options.approvers, call, decision, need);
  if (settled && "grant" in settled) return fromGrant(call, decision, settled.grant, next);
  if (settled) throw refuse(call, settled.refusal.code, settled.refusal.decision, settled.refusal.advice);
  if (dryRun) return proceed(call, next);
  const { clock } = options;
  const hashed = argsHash(call);
  const started = clock.now();
  const deadline: Deadline = { at: started + need.timeoutMs, now: clock.now };
  const { traceId, spanId } = span.spanContext();
  const requestedAt = clock.wall();
  // A literal, not spreads: this runs on every approved call.
  const basis: RequestBasis = {
    agent: agent.identity,
    tool,
    decision,
    input: call.input,
    argsHash: hashed,
    callId: call.callId,
    // A call id the caller gave, not the gate's own ticket (a call given none has its ticket as call id).
    resumable: call.callId !== call.ticket,
    conversationId: call.conversationId,
    traceId,
    spanId,
    requestedAt,
    expiresAt: requestedAt + need.timeoutMs,
  };
  const requests = requestsFor(basis, options.redact);
  const wait = new Wait(options, call, decision, next, need, recording, started, deadline, hashed, requests);
  // One promise for the wait: the chain tells the wait its outcome, and what follows is adopted with one `then`.
  const waited = new Promise((resolve, reject) => {
    wait.resolve = resolve;
    wait.reject = reject;
  });
  runChain(need, wait, wait);
  return waited;
}

/**
 * One call waiting for its approvers: what the chain asks with and is told, in one object (its methods are the
 * hooks, no closure per hook and call), and how the call goes on once the chain has ended.
 */
class Wait implements Asking, ChainEnd {
  readonly approvers: ReadonlyMap<string, Approver>;
  readonly signal: AbortSignal;
  // Set by the promise's executor, which runs before anything is asked.
  resolve!: (value: unknown) => void;
  reject!: (error: unknown) => void;

  constructor(
    readonly options: ApproveOptions,
    readonly call: CallState,
    readonly decision: Decision,
    readonly next: () => Promise<unknown>,
    readonly need: ApprovalNeed,
    readonly recording: boolean,
    readonly started: number,
    readonly deadline: Deadline,
    readonly hashed: string,
    readonly requests: RequestFor,
  ) {
    this.approvers = options.approvers;
    this.signal = callSignal(call);
  }

  requestFor(approver: string, step: number): ApprovalRequest {
    const request = this.requests(approver, step);
    if (this.recording) recordRequested(this.call.span, request);
    return request;
  }

  onAnswer(answer: Answer, request: ApprovalRequest): void {
    if (this.recording) recordAnswered(this.call.span, answer, request);
    if (answer.status === "approved" || answer.status === "denied") {
      const reason = answer.status === "denied" ? answer.reason : undefined;
      const recorded = { approver: answer.approver, by: answer.by, approved: answer.status === "approved", reason };
      // The call's list is made at its first answer, as a literal of that one: most calls have one approver.
      if (this.call.answers === undefined) this.call.answers = [recorded];
      else this.call.answers.push(recorded);
    }
  }

  reveal(request: ApprovalRequest, index: number): unknown {
    return revealed(this.options, this.call, request, index);
  }

  outcome(outcome: ApprovalOutcome): void {
    let after: unknown;
    try {
      after = answered(this, outcome);
    } catch (error) {
      this.reject(error);
      return;
    }
    if (after instanceof Promise) after.then(this.resolve, this.reject);
    else this.resolve(after);
  }

  failed(error: unknown): void {
    this.reject(error);
  }
}

/** The call once the approvers have answered: refused unless approved in time for the same input, else on to the tool. */
function answered(wait: Wait, outcome: ApprovalOutcome): unknown {
  const { options, call, decision, next, need, recording, started, deadline, hashed } = wait;
  const { clock } = options;
  const { span } = call;
  const answeredAt = clock.now();
  const latencyMs = answeredAt - started;
  // Suspended (or aborted) while the answers came in: no grant, no execution.
  if (callAborted(call) && outcome.status === "approved") {
    options.onApprovalEnded?.("aborted", latencyMs);
    throw aborted(call, "while waiting for approval");
  }
  if (outcome.status !== "approved") {
    options.onApprovalEnded?.(outcome.status, latencyMs);
    if (recording) recordOutcome(span, outcome, latencyMs);
    if (outcome.status === "denied") remember(options, call, hashed, outcome);
    throw denied(call, decision, outcome);
  }
  // Bytes in the decided value are copies but not frozen: hash them again, so nothing changed them while we
  // waited. Anything else is frozen, so its hash still holds.
  const late: Refusal | undefined =
    answeredAt > deadline.at
      ? { status: "timeout", approver: outcome.approvals.at(-1)?.approver ?? "?" }
      : holdsBytes(call.input) && argsHashOf(call.input) !== hashed
        ? { status: "failed", approver: "toolgate", problem: "saw the input change after approval" }
        : undefined;
  if (late) {
    options.onApprovalEnded?.(late.status, latencyMs);
    if (recording) recordOutcome(span, late, latencyMs);
    throw denied(call, decision, late);
  }
  options.onApprovalEnded?.("approved", latencyMs);
  const approvedBy = outcome.approvals.map((approval) => approval.by);
  // Most approvals ask for no grant: no promise for them.
  const granting = grantFrom(options, call, decision, need, outcome.approvals);
  if (granting === undefined) {
    if (recording) recordOutcome(span, outcome, latencyMs);
    call.approvedBy = approvedBy;
    return proceed(call, next);
  }
  return Promise.resolve(granting).then((grant) => {
    if (recording) recordOutcome(span, outcome, latencyMs, grant);
    call.approvedBy = approvedBy;
    return proceed(call, next);
  });
}

function remember(
  options: ApproveOptions,
  call: CallState,
  hashed: string,
  outcome: Extract<Refusal, { status: "denied" }>,
) {
  const denial = {
    root: call.agent.rootKey,
    tool: call.tool.name,
    argsHash: hashed,
    by: outcome.by,
    reason: outcome.reason,
    at: new Date(options.clock.wall()).toISOString(),
  };
  try {
    void Promise.resolve(options.store.approvals.remember(denial, options.rememberDenialsMs)).catch(() => {});
  } catch {
    // Remembering is a courtesy to approvers: the call is refused either way.
  }
}

// A grant needs every approver of the chain to have asked for one; the shortest wins.
function grantFrom(
  options: ApproveOptions,
  call: CallState,
  decision: Decision,
  need: ApprovalNeed,
  approvals: Approvals,
): Awaitable<StoredGrant> | undefined {
  if (!approvals.every((approval) => approval.grantMs !== undefined)) return undefined;
  const ttlMs = Math.min(...approvals.map((approval) => approval.grantMs ?? 0));
  const grant = {
    ...{ id: newGrantId(), agentId: call.agent.id, chain: call.agent.members, tool: call.tool.name },
    ...{ rule: decision.rule, key: grantKey(decision.rule, need), by: approvals.map((a) => a.by), ttlMs },
  };
  return options.store.grants.add(grant);
}
