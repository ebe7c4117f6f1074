import type { ApprovalDecision, ApprovalRequest } from "../approval/types.js";
import type { Awaitable } from "../internal/awaitable.js";

/**
 * Where a stored approval request stands. Only `pending` can change; `approved` can be claimed once.
 *
 * @example
 * ```ts
 * const status: ApprovalStatus = "pending";
 * ```
 */
export type ApprovalStatus = "pending" | "approved" | "rejected" | "expired" | "cancelled";

/**
 * An approval request kept in the store, answerable from any process. It holds the redacted request (never
 * the raw input) and its answer.
 *
 * @example
 * ```ts
 * if (record.status === "approved") console.log(record.answer?.by);
 * ```
 */
export interface ApprovalRecord {
  readonly id: string;
  readonly request: ApprovalRequest;
  readonly status: ApprovalStatus;
  readonly answer: ApprovalDecision | undefined;
  /** Why it was cancelled or expired. */
  readonly why: string | undefined;
  /** The call id that used the approval: an approval runs a call once. */
  readonly claimedBy: string | undefined;
}

/**
 * A rejection, remembered so that retrying the same call cannot ask again for a fresh answer.
 *
 * @example
 * ```ts
 * const denial: Denial = { root: "support-bot", tool: "refund.issue", argsHash: "ab…", by: "alice", reason: "too much", at: "2026-12-01T00:00:00.000Z" };
 * ```
 */
export interface Denial {
  readonly root: string;
  readonly tool: string;
  readonly argsHash: string;
  readonly by: string;
  readonly reason: string | undefined;
  readonly at: string;
}

/**
 * Durable approvals: a request opened in one process can be listed and answered in another; the waiting
 * call resumes once; a restarted process finds its requests again by id.
 *
 * @example
 * ```ts
 * const record = await store.approvals.open(request);
 * const settled = await store.approvals.wait(record.id, AbortSignal.timeout(60_000));
 * ```
 */
export interface ApprovalStore {
  /** Creates the record, or returns the one already kept under `request.id` (a resumed call). */
  open(request: ApprovalRequest): Awaitable<ApprovalRecord>;
  /** Answers a pending request, once; throws `INVALID_ARGUMENT` naming why otherwise (unknown, settled, expired). */
  answer(id: string, decision: ApprovalDecision): Awaitable<ApprovalRecord>;
  cancel(id: string, why: string): Awaitable<void>;
  get(id: string): Awaitable<ApprovalRecord | undefined>;
  /** Resolves once the request is no longer pending (answered, expired or cancelled), or rejects on abort. */
  wait(id: string, signal: AbortSignal): Promise<ApprovalRecord>;
  /** Marks an approved request used by `callId`; false if it is not approved or another call used it. */
  claim(id: string, callId: string): Awaitable<boolean>;
  list(filter?: { readonly status?: ApprovalStatus; readonly approver?: string }): Awaitable<ApprovalRecord[]>;
  /** Keeps a rejection for `ttlMs`; admission reads it back for the same root, tool and input. */
  remember(denial: Denial, ttlMs: number): Awaitable<void>;
}
