import { hash } from "node:crypto";

/**
 * What one link of the audit chain covers: the identifying attributes of a finished call. Every field
 * is also on the span, so a verifier can recompute the hash from exported spans.
 *
 * @example
 * ```ts
 * const entry: AuditEntry = { agentId: "agt_1", tool: "crm.read", callId: "c1", effect: "allow", rule: "r", outcome: "allowed" };
 * ```
 */
export interface AuditEntry {
  agentId: string;
  /** The delegation chain, root first, comma-separated (`toolgate.agent.chain`, or the agent id alone). */
  chain: string;
  /** `gen_ai.conversation.id`, or "". */
  conversationId: string;
  tool: string;
  callId: string;
  effect: string;
  rule: string;
  reason: string;
  /** Who approved, comma-separated (`toolgate.approval.by` joined with ", "), or "". */
  approvedBy: string;
  outcome: string;
  /** ISO time the call ended (`toolgate.audit.time`). */
  time: string;
}

/**
 * One link: its position, its hash and the hash before it.
 *
 * @example
 * ```ts
 * const link: AuditLink = { seq: 1, prevHash: GENESIS_HASH, hash: "…" };
 * ```
 */
export interface AuditLink {
  seq: number;
  hash: string;
  prevHash: string;
}

/** The `prev_hash` of the first link. @example `GENESIS_HASH.length; // 64` */
export const GENESIS_HASH = "0".repeat(64);

/**
 * The hash of one link: SHA-256 over the previous hash, the sequence number and the canonical JSON (RFC 8785)
 * of the entry. Changing, dropping or reordering any call breaks every later link.
 *
 * @example
 * ```ts
 * const ok = auditHash(prev.hash, link.seq, entry) === link.hash;
 * ```
 */
export function auditHash(prevHash: string, seq: number, entry: AuditEntry): string {
  return hash("sha256", `${prevHash}\n${seq}\n${canonicalEntry(entry)}`, "hex");
}

const json = JSON.stringify;

/**
 * RFC 8785 canonical JSON of an entry, written out by hand because this runs on every call: the keys in
 * sorted order, strings as `JSON.stringify` writes them (which is what RFC 8785 specifies).
 */
export function canonicalEntry(e: AuditEntry): string {
  return `{"agentId":${json(e.agentId)},"approvedBy":${json(e.approvedBy)},"callId":${json(e.callId)},"chain":${json(e.chain)},"conversationId":${json(e.conversationId)},"effect":${json(e.effect)},"outcome":${json(e.outcome)},"reason":${json(e.reason)},"rule":${json(e.rule)},"time":${json(e.time)},"tool":${json(e.tool)}}`;
}

/**
 * The newest link of a gate's chain: anchor it somewhere the agent cannot write (a log, a ticket) to make a
 * truncated tail detectable too.
 *
 * @example
 * ```ts
 * const head: AuditHead = gate.auditHead(); // { seq: 42, hash: "…" }
 * ```
 */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/** A gate's hash chain over every call it decided. */
export class AuditChain {
  #seq = 0;
  #prevHash = GENESIS_HASH;

  get head(): AuditHead {
    return { seq: this.#seq, hash: this.#prevHash };
  }

  append(entry: AuditEntry): AuditLink {
    const seq = ++this.#seq;
    const prevHash = this.#prevHash;
    const hash = auditHash(prevHash, seq, entry);
    this.#prevHash = hash;
    return { seq, hash, prevHash };
  }
}
