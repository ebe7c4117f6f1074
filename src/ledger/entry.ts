// The entries of the audit ledger: plain JSON, one per JSONL line, chained by `prevHash` and `hash`.

/**
 * Who acted: the agent, its owner and its delegation chain (agent ids, root first); for a delegate, `root` is
 * the root agent's name — the name policies, limits and flows key on — so a trail names it even if the root
 * never acted itself.
 *
 * @example
 * ```ts
 * const agent: LedgerAgent = { id: "agt_1/helper", name: "helper", owner: "team", chain: ["agt_1", "agt_1/helper"], root: "bot" };
 * ```
 */
export interface LedgerAgent {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly chain: readonly string[];
  readonly root?: string;
}

/** One approver's answer, approve and reject alike (a session grant appears as its id in `by`). @example `const answer: LedgerApproval = { approver: "owner", by: "alice", approved: false, reason: "too much" };` */
export interface LedgerApproval {
  readonly approver: string;
  readonly by: string;
  readonly approved: boolean;
  readonly reason?: string;
}

/**
 * What enforcement would have decided, beside the decision that applied: present on every call made in shadow mode
 * (`by` is `gate` or `agent`) and on enforced calls whose shadow rules decided otherwise (`by: "rule"`).
 *
 * @example
 * ```ts
 * const shadow: LedgerShadow = { effect: "deny", rule: "never-drop", reason: "denied by rule never-drop", by: "agent" };
 * ```
 */
export interface LedgerShadow {
  readonly effect: string;
  readonly rule: string;
  readonly reason: string;
  readonly by: string;
}

/**
 * The decision that applied to the call, and what enforcement would have decided (`shadow`) when it was not enforced
 * or shadow rules differ. A call that ran in shadow mode where enforcement would have stopped it is recorded as
 * allowed by rule `shadow-mode`, with the would-be decision in `shadow`.
 *
 * @example
 * ```ts
 * const decision: LedgerDecision = { effect: "allow", rule: "refunds", reason: "allowed by rule refunds" };
 * ```
 */
export interface LedgerDecision {
  readonly effect: string;
  readonly rule: string;
  readonly reason: string;
  readonly shadow?: LedgerShadow;
}

/**
 * What a `begin` and a `refusal` say about a call. `argsHash` is SHA-256 (hex) of the RFC 8785 canonical JSON of
 * the value the tool runs on; `arguments` is the redacted copy, present only when capture is on.
 *
 * @example
 * ```ts
 * const facts: CallFacts = {
 *   callId: "c1", agent: { id: "agt_1", name: "bot", owner: "team", chain: ["agt_1"] },
 *   tool: { name: "refund.issue", risk: "high" }, argsHash: "ab…", approvals: [],
 *   decision: { effect: "allow", rule: "refunds", reason: "allowed by rule refunds" },
 * };
 * ```
 */
export interface CallFacts {
  readonly callId: string;
  readonly agent: LedgerAgent;
  readonly conversationId?: string;
  /**
   * The id a remote client gave the request this call served (an MCP server's JSON-RPC request id), as the client
   * claimed it: bounded, never the call's id, and no proof of anything (another client may send the same one).
   */
  readonly clientRequestId?: string;
  readonly tool: { readonly name: string; readonly risk: string };
  readonly argsHash?: string;
  readonly decision: LedgerDecision;
  readonly approvals: readonly LedgerApproval[];
  readonly arguments?: unknown;
}

/**
 * What every entry carries besides its kind: format version (`LEDGER_FORMAT_VERSION` for entries this build writes,
 * 1 for those written before refusals named their begin), its chain (`writer`), position and links, wall time
 * (display only).
 *
 * @example
 * ```ts
 * const link: EntryLink = { v: 2, writer: "w", seq: 1, prevHash: LEDGER_GENESIS_HASH, hash: "…", time: "2025-01-01T00:00:00.000Z" };
 * ```
 */
export interface EntryLink {
  readonly v: 1 | 2;
  readonly writer: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly time: string;
}
