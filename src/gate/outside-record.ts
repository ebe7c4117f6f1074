import {
  type Attributes,
  INVALID_SPAN_CONTEXT,
  type Link,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { ATTR_ERROR_TYPE, ATTR_JSONRPC_REQUEST_ID, GEN_AI_OPERATION_EXECUTE_TOOL, TOOLGATE } from "../audit/semconv.js";
import { newCallId } from "../internal/ids.js";
import type { RefusalInput } from "../ledger/kinds.js";
import { auditSpanAttributes, auditSpanEvent } from "../ledger/span.js";
import type { AuditSettings } from "../pipeline/audit-settings.js";
import { outsideEntry, outsideMessage } from "./outside-facts.js";
import type { OutsideRecorder, OutsideRefusal } from "./outside-refusal.js";

/**
 * Told of each refusal of an identified agent while its span is open: the store, the monitors and the metrics
 * count it as they count a pipeline refusal.
 */
export type OutsideSettler = (
  agent: NonNullable<OutsideRefusal["agent"]>,
  refusal: OutsideRefusal,
  entry: RefusalInput,
  span: Span,
) => void;

/** The attributes a pipeline span starts with, for the agent identified (none when there is none). */
function startAttributes(entry: RefusalInput, refusal: OutsideRefusal): Attributes {
  const attributes: Attributes = {
    "gen_ai.operation.name": GEN_AI_OPERATION_EXECUTE_TOOL,
    "gen_ai.tool.name": entry.tool.name,
    "gen_ai.tool.call.id": entry.callId,
    [TOOLGATE.toolRisk]: entry.tool.risk,
  };
  if (entry.clientRequestId !== undefined) attributes[ATTR_JSONRPC_REQUEST_ID] = entry.clientRequestId;
  const { agent } = refusal;
  if (agent === undefined) return attributes;
  attributes["gen_ai.agent.id"] = agent.id;
  attributes["gen_ai.agent.name"] = agent.name;
  attributes[TOOLGATE.agentOwner] = agent.owner;
  if (agent.version !== undefined) attributes["gen_ai.agent.version"] = agent.version;
  if (entry.conversationId !== undefined) attributes["gen_ai.conversation.id"] = entry.conversationId;
  if (agent.parentId !== undefined) {
    attributes[TOOLGATE.agentParentId] = agent.parentId;
    attributes[TOOLGATE.agentChain] = [...agent.chain];
  }
  return attributes;
}

/** The span; a tracer that throws gives a span that records nothing, and the ledger entry is written all the same. */
function started(tracer: Tracer, name: string, attributes: Attributes, links: Link[] | undefined): Span {
  try {
    return tracer.startSpan(name, { kind: SpanKind.INTERNAL, attributes, links });
  } catch {
    return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
  }
}

/** The refusal's span: what a pipeline refusal's carries (decision, outcome, error, the ledger entry). */
function spanOf(tracer: Tracer, audit: AuditSettings, entry: RefusalInput, refusal: OutsideRefusal): Span {
  const links = refusal.links?.slice(0, 8).map((link) => ({ context: link }));
  const attributes = startAttributes(entry, refusal);
  const span = started(tracer, `execute_tool ${entry.tool.name}`, attributes, links);
  if (!span.isRecording() && !audit.durable) return span; // as in the pipeline: no sink and no trace, no record
  const appended = audit.ledger.append(entry);
  if (!span.isRecording()) return span;
  span.setAttributes({
    [TOOLGATE.decisionEffect]: entry.decision.effect,
    [TOOLGATE.decisionRule]: entry.decision.rule,
    [TOOLGATE.decisionReason]: entry.decision.reason,
    [TOOLGATE.outcome]: "denied",
    [ATTR_ERROR_TYPE]: entry.code,
  });
  if (entry.argsHash !== undefined) span.setAttribute(TOOLGATE.argsHash, entry.argsHash);
  if (appended.ok) {
    for (const other of appended.alsoAppended) span.addEvent(...auditSpanEvent(other));
    span.setAttributes(auditSpanAttributes(appended));
  } else span.addEvent("toolgate.audit.refused", { "toolgate.audit.reason": "the ledger refused the entry" });
  span.setStatus({ code: SpanStatusCode.ERROR, message: outsideMessage(audit, refusal) });
  return span;
}

/**
 * @internal A gate's recorder of refusals made outside its pipeline: one `execute_tool` span and one ledger
 * `refusal` entry each, with a call id of the gate's own (a caller's request id could name another call).
 */
export function outsideRecorder(tracer: Tracer, audit: AuditSettings, settle: OutsideSettler): OutsideRecorder {
  return async (refusal) => {
    try {
      if (audit.ledger.state === "loading") await audit.ledger.ready;
      const entry = outsideEntry(audit, refusal, newCallId());
      const span = spanOf(tracer, audit, entry, refusal);
      try {
        if (refusal.agent !== undefined) settle(refusal.agent, refusal, entry, span);
      } finally {
        span.end();
      }
    } catch {
      // A tracer, processor, redactor or store that throws costs the record, never the refusal.
    }
  };
}
