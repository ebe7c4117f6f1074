import type { AttributeValue, Span } from "@opentelemetry/api";
import type { Answer } from "../approval/ask.js";
import type { SessionGrant } from "../approval/grants.js";
import type { ApprovalOutcome, ApprovalRequest } from "../approval/types.js";
import { TOOLGATE_APPROVAL } from "./semconv.js";

// Literal keys, tied to the names by `satisfies`: a computed key sends V8's object literal down a slow path.
type Named<K extends keyof typeof TOOLGATE_APPROVAL> = Record<
  (typeof TOOLGATE_APPROVAL)[K],
  AttributeValue | undefined
>;

/** Span event: one request sent to one approver. */
export function recordRequested(span: Span, request: ApprovalRequest): void {
  span.addEvent(TOOLGATE_APPROVAL.requestedEvent, {
    "toolgate.approval.request_id": request.id,
    "toolgate.approval.approver": request.approver,
    "toolgate.approval.args_hash": request.argsHash,
  } satisfies Named<"requestId" | "approver" | "argsHash">);
}

/** Span event: one approver's answer. */
export function recordAnswered(span: Span, answer: Answer, request: ApprovalRequest): void {
  span.addEvent(TOOLGATE_APPROVAL.answeredEvent, {
    "toolgate.approval.request_id": request.id,
    "toolgate.approval.approver": answer.approver,
    "toolgate.approval.outcome": answer.status,
    "toolgate.approval.by": "by" in answer ? answer.by : undefined,
    "toolgate.approval.reason": "reason" in answer ? answer.reason : "problem" in answer ? answer.problem : undefined,
  } satisfies Named<"requestId" | "approver" | "outcome" | "by" | "reason">);
}

/** Span attributes: how the approval ended, who decided, how long it took, and any grant involved. */
export function recordOutcome(span: Span, outcome: ApprovalOutcome, latencyMs: number, grant?: SessionGrant): void {
  const by = outcome.status === "approved" ? outcome.approvals.map((a) => a.by) : "by" in outcome ? [outcome.by] : [];
  span.setAttributes({
    "toolgate.approval.outcome": outcome.status,
    "toolgate.approval.latency_ms": latencyMs,
    "toolgate.approval.by": by,
    "toolgate.approval.grant_id": grant?.id,
    "toolgate.approval.grant_expires_at": grant?.expiresAt,
  } satisfies Named<"outcome" | "latencyMs" | "by" | "grantId" | "grantExpiresAt">);
}

/** Span attributes and event: a call covered by an earlier session grant, asking no one. */
export function recordGranted(span: Span, grant: SessionGrant): void {
  span.setAttributes({
    "toolgate.approval.outcome": "granted",
    "toolgate.approval.latency_ms": 0,
    "toolgate.approval.by": [...grant.by],
    "toolgate.approval.grant_id": grant.id,
    "toolgate.approval.grant_expires_at": grant.expiresAt,
  } satisfies Named<"outcome" | "latencyMs" | "by" | "grantId" | "grantExpiresAt">);
  span.addEvent(TOOLGATE_APPROVAL.grantedEvent, { "toolgate.approval.grant_id": grant.id } satisfies Named<"grantId">);
}
