import { TOOLGATE } from "../audit/semconv.js";
import type { ChainedEntry } from "./ledger.js";

/**
 * How ledger entries travel on spans, the one definition the record stage and `verifyAudit` share: the entry that
 * ends a call (`end` or `refusal`) is the span attribute `toolgate.audit.entry` (its JSONL line) beside its link
 * attributes; every other entry (`begin`, `checkpoint`, `gap`, `event`) is a span event named
 * `toolgate.audit.<kind>` carrying the same attribute.
 *
 * @example
 * ```ts
 * span.setAttribute(AUDIT_SPAN.entry, chained.line);
 * ```
 */
export const AUDIT_SPAN = {
  entry: "toolgate.audit.entry",
  writer: "toolgate.audit.writer",
  seq: TOOLGATE.auditSeq,
  hash: TOOLGATE.auditHash,
  prevHash: TOOLGATE.auditPrevHash,
  beginSeq: "toolgate.audit.begin_seq",
  eventPrefix: "toolgate.audit.",
} as const;

type Named<K extends keyof typeof AUDIT_SPAN> = Record<(typeof AUDIT_SPAN)[K], string | number>;

/**
 * The span attributes for the entry that ends a call: the entry itself and its link (seq, hash, prev hash,
 * writer, and the begin's seq for an `end`).
 *
 * @example
 * ```ts
 * const ended = ledger.append({ kind: "end", callId, beginSeq, outcome: "allowed" });
 * if (ended.ok) span.setAttributes(auditSpanAttributes(ended));
 * ```
 */
export function auditSpanAttributes(chained: ChainedEntry): Record<string, string | number> {
  const { entry, line } = chained;
  // Literal keys, tied to the names by `satisfies` (a computed key sends V8 down a slow path).
  const attributes: Record<string, string | number> = {
    "toolgate.audit.entry": line,
    "toolgate.audit.writer": entry.writer,
    "toolgate.audit.seq": entry.seq,
    "toolgate.audit.hash": entry.hash,
    "toolgate.audit.prev_hash": entry.prevHash,
  } satisfies Named<"entry" | "writer" | "seq" | "hash" | "prevHash">;
  if (entry.kind === "end") attributes[AUDIT_SPAN.beginSeq] = entry.beginSeq;
  return attributes;
}

/**
 * The span event for any other entry (a `begin`, a checkpoint, a gap, an event): `[name, attributes]`, ready to
 * spread into `span.addEvent`.
 *
 * @example
 * ```ts
 * const begun = ledger.append(begin);
 * if (begun.ok) span.addEvent(...auditSpanEvent(begun));
 * ```
 */
export function auditSpanEvent(chained: ChainedEntry): [name: string, attributes: Record<string, string | number>] {
  const { entry, line } = chained;
  const attributes = { "toolgate.audit.entry": line, "toolgate.audit.seq": entry.seq } satisfies Named<"entry" | "seq">;
  return [`${AUDIT_SPAN.eventPrefix}${entry.kind}`, attributes];
}
