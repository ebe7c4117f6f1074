import type { Duration } from "../policy/types.js";
import type { HiddenValue } from "../redact/index.js";
import type { Risk } from "../tool/risk.js";
import type { AgentIdentity } from "../tool/tool.js";

/**
 * Everything an approver needs to decide one call. It is bound to this call: a decision for it cannot
 * be reused for other input (`argsHash`), another agent, or after `expiresAt`.
 *
 * @example
 * ```ts
 * const approver: Approver = async (request) => ({ approved: request.risk !== "critical", by: "policy-bot" });
 * ```
 */
export interface ApprovalRequest {
  /**
   * One per call, approver and step. For a call id the caller gave it is derived from the call, so a resumed call
   * (same agent, conversation, call id and input) asks for the same id again; a call given no call id, which
   * nothing can resume, gets random ones.
   */
  readonly id: string;
  readonly agent: AgentIdentity;
  readonly tool: { readonly name: string; readonly description: string | undefined };
  readonly risk: Risk;
  readonly rule: string;
  readonly reason: string;
  /** The decided value with secret-looking values replaced by `[REDACTED:kind]` (see `hidden`). */
  readonly input: unknown;
  /**
   * SHA-256 (hex) of the RFC 8785 canonical JSON of the decided value — the validated input the tool will run
   * with, secrets included. The same `argsHash` is on the span and the ledger entry.
   */
  readonly argsHash: string;
  readonly callId: string;
  readonly conversationId: string | undefined;
  readonly traceId: string;
  readonly spanId: string;
  /** Which approver of the chain this request goes to. */
  readonly approver: string;
  readonly requestedAt: string;
  readonly expiresAt: string;
  /**
   * Every value `input` shows as `[REDACTED:kind]`: where, what it looked like, and a warning when it deserves a
   * look (a key block whose body is not a key). The tool gets the real values and `argsHash` covers them; a
   * marker alone can be faked by whoever wrote the input, so trust this list, and `reveal` what you must see.
   */
  readonly hidden: readonly HiddenValue[];
}

/**
 * An approver's answer. Only `approved: true` (the boolean) approves; `by` names the person or system.
 *
 * @example
 * ```ts
 * const decision: ApprovalDecision = { approved: false, by: "alice@example.com", reason: "amount too high" };
 * ```
 */
export interface ApprovalDecision {
  approved: boolean;
  by: string;
  reason?: string;
  /**
   * A session grant: also approve this agent's later calls of this tool under the same rule for this long
   * (at most 24h). Every call it covers records the grant on its span; suspension revokes it. In a chain or
   * quorum, a grant is made only when every approval asked for one (the shortest wins).
   */
  grantFor?: Duration;
}

/**
 * A registered approver. `signal` aborts when the request is no longer wanted (timeout, quorum reached,
 * caller aborted, agent suspended).
 *
 * @example
 * ```ts
 * const owner: Approver = async (request, { signal }) => askSlack(request, signal);
 * ```
 */
export type Approver = (request: ApprovalRequest, context: ApproverContext) => Promise<ApprovalDecision>;

/**
 * What an approver is given besides the request. `signal` aborts when the request is no longer wanted (timeout,
 * quorum reached, caller aborted, agent suspended). `reveal(index)` returns the real value behind
 * `request.hidden[index]`, for an approver who must look before deciding; it works in this process only (a
 * request answered elsewhere has none), and every reveal is recorded in the audit ledger.
 *
 * @example
 * ```ts
 * const careful: Approver = async (request, { reveal }) => {
 *   const suspicious = request.hidden.some((spot, i) => spot.warning && String(reveal(i)).includes("curl"));
 *   return { approved: !suspicious, by: "policy-bot" };
 * };
 * ```
 */
export interface ApproverContext {
  readonly signal: AbortSignal;
  reveal(index: number): unknown;
}

/**
 * How an approval ended, as recorded on the span and in errors.
 *
 * @example
 * ```ts
 * const outcome: ApprovalOutcome = { status: "approved", approvals: [{ approver: "owner", by: "alice" }] };
 * ```
 */
export type ApprovalOutcome =
  | { status: "approved"; approvals: { approver: string; by: string; grantMs?: number }[] }
  | { status: "denied"; approver: string; by: string; reason: string | undefined }
  | { status: "timeout"; approver: string }
  | { status: "failed"; approver: string; problem: string }
  | { status: "aborted"; approver: string };
