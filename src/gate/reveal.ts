import type { ApprovalRequest } from "../approval/types.js";
import { TOOLGATE_APPROVAL } from "../audit/semconv.js";
import { type AuditSettings, recorded } from "../pipeline/audit-settings.js";
import { carry } from "../pipeline/begin.js";
import type { CallState } from "../pipeline/types.js";
import type { HiddenValue } from "../redact/index.js";

/** Puts an approver's look at a hidden value on record: a ledger `event` named `reveal`, and a span event. */
export function recordReveal(audit: AuditSettings, call: CallState, request: ApprovalRequest, spot: HiddenValue): void {
  const data = {
    callId: call.callId,
    requestId: request.id,
    approver: request.approver,
    path: spot.path,
    kind: spot.kind,
  };
  if (call.span.isRecording()) call.span.addEvent(TOOLGATE_APPROVAL.revealedEvent, { ...data });
  if (!recorded(audit, call.span)) return;
  const appended = audit.ledger.append({ kind: "event", name: "reveal", data });
  if (appended.ok) carry(call, [...appended.alsoAppended, appended]);
}
