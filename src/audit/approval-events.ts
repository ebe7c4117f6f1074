import type { Span } from "@opentelemetry/api";
import type { Answer } from "../approval/ask.js";
import type { SessionGrant } from "../approval/grants.js";
import type { ApprovalOutcome, ApprovalRequest } from "../approval/types.js";
import { TOOLGATE_APPROVAL } from "./semconv.js";

/** Span event: one request sent to one approver. */
export function recordRequested(span: Span, request: ApprovalRequest): void {
  span.addEvent(TOOLGATE_APPROVAL.requestedEvent, {
    [TOOLGATE_APPROVAL.requestId]: request.id,
    [TOOLGATE_APPROVAL.approver]: request.approver,
    [TOOLGATE_APPROVAL.argsHash]: request.argsHash,
  });
}

/** Span event: one approver's answer. */
export function recordAnswered(span: Span, answer: Answer, request: ApprovalRequest): void {
  span.addEvent(TOOLGATE_APPROVAL.answeredEvent, {
    [TOOLGATE_APPROVAL.requestId]: request.id,
    [TOOLGATE_APPROVAL.approver]: answer.approver,
    [TOOLGATE_APPROVAL.outcome]: answer.status,
    [TOOLGATE_APPROVAL.by]: "by" in answer ? answer.by : undefined,
    [TOOLGATE_APPROVAL.reason]: "reason" in answer ? answer.reason : "problem" in answer ? answer.problem : undefined,
  });
}

/** Span attributes: how the approval ended, who decided, how long it took, and any grant involved. */
export function recordOutcome(span: Span, outcome: ApprovalOutcome, latencyMs: number, grant?: SessionGrant): void {
  const by = outcome.status === "approved" ? outcome.approvals.map((a) => a.by) : "by" in outcome ? [outcome.by] : [];
  span.setAttributes({
    [TOOLGATE_APPROVAL.outcome]: outcome.status,
    [TOOLGATE_APPROVAL.latencyMs]: latencyMs,
    [TOOLGATE_APPROVAL.by]: by,
    [TOOLGATE_APPROVAL.grantId]: grant?.id,
    [TOOLGATE_APPROVAL.grantExpiresAt]: grant?.expiresAt,
  });
}

/** Span attributes and event: a call covered by an earlier session grant, asking no one. */
export function recordGranted(span: Span, grant: SessionGrant): void {
  span.setAttributes({
    [TOOLGATE_APPROVAL.outcome]: "granted",
    [TOOLGATE_APPROVAL.latencyMs]: 0,
    [TOOLGATE_APPROVAL.by]: [...grant.by],
    [TOOLGATE_APPROVAL.grantId]: grant.id,
    [TOOLGATE_APPROVAL.grantExpiresAt]: grant.expiresAt,
  });
  span.addEvent(TOOLGATE_APPROVAL.grantedEvent, { [TOOLGATE_APPROVAL.grantId]: grant.id });
}
