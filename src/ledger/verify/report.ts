import type { AuditKeyInput } from "../keys.js";

/**
 * What a finding says. Breaks (evidence of tampering, or of a trail that cannot be shown complete): `unreadable`
 * (a line that is no JSON, or longer than 64 MiB), `malformed` (no valid seq, hashes or writer), `edited` (content
 * that does not match its hash, or an entry the next one does not link to), `deleted`, `reordered`, `inserted` (a
 * second, different entry for a seq, or a copy read 65,536 seqs or more after the first), `truncated` (no closing
 * checkpoint at the end, or a trail shorter than its anchored head), `forged-checkpoint` (a signature that does not
 * verify), `wrong-key` (signed by a key not given), `missing-checkpoint` (more entries without one than the
 * writer's cadence), `unended` (begun, never ended), `unmatched` (a refusal naming, as its `beginSeq`, no open
 * begin of the same call), `duplicate-key` (a line holding a key twice in one object: `JSON.parse` keeps the last,
 * so the line says two things; or a span holding `toolgate.audit.entry` twice in one attribute list, which a trace
 * viewer shows as one).
 * Warnings: `torn-line`, `duplicate`, `starts-late`, `unsigned`, `resumed`, `refused`, `legacy-refusal` (a format v1
 * refusal, which names no begin, taken to close one of the same call), and `truncated` / `unended` when verifying a
 * live ledger.
 *
 * @example
 * ```ts
 * const deleted = report.breaks.filter((finding) => finding.kind === "deleted");
 * ```
 */
export type AuditFindingKind =
  | "unreadable"
  | "malformed"
  | "edited"
  | "deleted"
  | "reordered"
  | "inserted"
  | "truncated"
  | "forged-checkpoint"
  | "wrong-key"
  | "missing-checkpoint"
  | "unended"
  | "unmatched"
  | "duplicate-key"
  | "torn-line"
  | "duplicate"
  | "starts-late"
  | "unsigned"
  | "resumed"
  | "refused"
  | "legacy-refusal";

/**
 * One break or warning, with where it is: writer, seq (for `deleted`, the first of `count`), call id, line.
 *
 * @example
 * ```ts
 * for (const finding of report.breaks) console.log(`${finding.kind} at seq ${finding.seq}: ${finding.message}`);
 * ```
 */
export interface AuditFinding {
  readonly kind: AuditFindingKind;
  readonly message: string;
  readonly writer?: string;
  readonly seq?: number;
  /** How many seqs a `deleted` finding spans. */
  readonly count?: number;
  readonly callId?: string;
  /** 1-based line in the input text (across several files: `file` is the 0-based index). */
  readonly line?: number;
  readonly file?: number;
}

/**
 * One writer's chain as verified.
 *
 * @example
 * ```ts
 * const lines = report.chains.map((chain) => `${chain.writer}: ${chain.first}–${chain.last}`);
 * ```
 */
export interface AuditChainSummary {
  readonly writer: string;
  readonly entries: number;
  readonly first: number;
  readonly last: number;
  readonly head: { readonly seq: number; readonly hash: string };
  readonly checkpoints: number;
  /** The seq of the last checkpoint whose signature verified with a given key. */
  readonly signedThrough: number | undefined;
  /** True when the chain ends with the closing checkpoint `close()` writes. */
  readonly closed: boolean;
}

/**
 * The result of {@link verifyAudit}: `ok` when there is no break.
 *
 * @example
 * ```ts
 * const report: AuditReport = verifyAudit(text, { publicKey });
 * if (!report.ok) for (const finding of report.breaks) console.error(finding.message);
 * ```
 */
export interface AuditReport {
  readonly ok: boolean;
  readonly source: "entries" | "jsonl" | "otlp";
  readonly entries: number;
  readonly chains: readonly AuditChainSummary[];
  readonly breaks: readonly AuditFinding[];
  readonly warnings: readonly AuditFinding[];
}

/**
 * Options of {@link verifyAudit}.
 *
 * @example
 * ```ts
 * const options: VerifyAuditOptions = { publicKey: readFileSync("audit.pub", "utf8"), head: storedHead };
 * ```
 */
export interface VerifyAuditOptions {
  /** The key (or keys, across a rotation) whose checkpoints count. Without one, signatures are not checked. */
  publicKey?: AuditKeyInput | readonly AuditKeyInput[];
  /** The writer may still be running: an open tail and unended calls are warnings, not breaks. */
  live?: boolean;
  /** The input may start after genesis (older files rotated away): a late start is a warning, not `deleted`. */
  partial?: boolean;
  /**
   * A head anchored outside the host (`ledger.head`, kept in the store or a log): a trail that ends before it, or
   * holds another entry at its seq, breaks. `writer` picks the chain (default: the first one in the input).
   */
  head?: { readonly writer?: string; readonly seq: number; readonly hash: string };
}
