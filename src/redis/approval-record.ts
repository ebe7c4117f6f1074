import type { ApprovalDecision, ApprovalRequest } from "../approval/types.js";
import { ToolgateError } from "../errors.js";
import { deepFreeze } from "../internal/deep-freeze.js";
import type { ApprovalRecord, ApprovalStatus } from "../store/approvals.js";

/** A record as the approval scripts return it: request json, status, answer json, why, claimed by, ms left. */
export type RawRecord = [string, string, string, string, string, number];

/** The record, frozen; and how long until a pending one expires (store clock). */
export function readRecord(raw: RawRecord): { record: ApprovalRecord; leftMs: number } {
  const [request, status, answer, why, claimedBy, leftMs] = raw;
  const parsed = deepFreeze(JSON.parse(request) as ApprovalRequest);
  const record: ApprovalRecord = Object.freeze({
    id: parsed.id,
    request: parsed,
    status: status as ApprovalStatus,
    answer: answer ? deepFreeze(JSON.parse(answer) as ApprovalDecision) : undefined,
    why: why || undefined,
    claimedBy: claimedBy || undefined,
  });
  return { record, leftMs: Number(leftMs) };
}

export const invalid = (message: string) =>
  new ToolgateError({ code: "INVALID_ARGUMENT", message: `approvals: ${message}` });

/** What happened to a settled record, as a late answer is told. */
export function describe(record: ApprovalRecord): string {
  if (record.status === "approved" || record.status === "rejected") {
    return `${record.status} by ${record.answer?.by ?? "?"}`;
  }
  return `${record.status}${record.why ? ` (${record.why})` : ""}`;
}
