import type { AttributeValue, Span } from "@opentelemetry/api";
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
 * writer, and the begin's seq for an `end`). Written into `into` when given (the record stage gathers every
 * end-of-call attribute in one object, so the span is written once), else into a new object.
 *
 * @example
 * ```ts
 * const ended = ledger.append({ kind: "end", callId, beginSeq, outcome: "allowed" });
 * if (ended.ok) span.setAttributes(auditSpanAttributes(ended));
 * ```
 */
export function auditSpanAttributes(
  chained: ChainedEntry,
  into: Record<string, AttributeValue> = {},
): Record<string, string | number> {
  const { entry, line } = chained;
  const attributes = into as Record<string, string | number>;
  attributes["toolgate.audit.entry"] = line;
  attributes["toolgate.audit.writer"] = entry.writer;
  attributes["toolgate.audit.seq"] = entry.seq;
  attributes["toolgate.audit.hash"] = entry.hash;
  attributes["toolgate.audit.prev_hash"] = entry.prevHash;
  if (entry.kind === "end") attributes["toolgate.audit.begin_seq"] = entry.beginSeq;
  return attributes;
}

// A begin's event name, once: every call carries one (the other kinds are rare and named when they come).
const BEGIN_EVENT = `${AUDIT_SPAN.eventPrefix}begin`;
const eventName = (kind: string) => (kind === "begin" ? BEGIN_EVENT : `${AUDIT_SPAN.eventPrefix}${kind}`);

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
  return [eventName(entry.kind), attributes];
}

/**
 * Adds the span event of an entry that does not end a call (see {@link auditSpanEvent}), without the pair.
 *
 * @example
 * ```ts
 * const begun = ledger.append(begin);
 * if (begun.ok) addAuditEvent(span, begun);
 * ```
 */
export function addAuditEvent(span: Pick<Span, "addEvent">, chained: ChainedEntry): void {
  const { entry, line } = chained;
  const attributes = { "toolgate.audit.entry": line, "toolgate.audit.seq": entry.seq } satisfies Named<"entry" | "seq">;
  span.addEvent(eventName(entry.kind), attributes);
}
