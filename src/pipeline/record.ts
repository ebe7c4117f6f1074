import { SpanStatusCode } from "@opentelemetry/api";
import type { AuditChain, AuditEntry, AuditLink } from "../audit/chain.js";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  TOOLGATE,
} from "../audit/semconv.js";
import { isToolgateError, markThrownByTool } from "../errors.js";
import type { CallEnding } from "../identity/inventory.js";
import { type Redactor, redact } from "../redact/index.js";
import { refuse } from "./refuse.js";
import type { Stage, ToolCall } from "./types.js";

/**
 * Options of the {@link record} stage.
 *
 * @example
 * ```ts
 * const options: RecordOptions = { chain: new AuditChain(), onEnding: () => {} };
 * ```
 */
export interface RecordOptions {
  chain: AuditChain;
  onEnding: (call: ToolCall, ending: CallEnding) => void;
  captureArguments?: boolean;
  captureResults?: boolean;
  /** Replaces the built-in redaction of captured arguments and results. */
  redact?: Redactor;
  /** Receives every chained entry, recorded span or not (a log, a ledger). */
  onEntry?: AuditSink;
}

/**
 * Receives each audit entry and its chain link as calls end, whether or not tracing records spans.
 *
 * @example
 * ```ts
 * const sink: AuditSink = (entry, link) => appendFileSync("audit.jsonl", `${JSON.stringify({ ...entry, ...link })}\n`);
 * ```
 */
export type AuditSink = (entry: AuditEntry, link: AuditLink) => void;

// A sink that throws must not turn a finished call into a failure; the span says it failed instead.
function deliver(sink: AuditSink, entry: AuditEntry, link: AuditLink, span: ToolCall["span"]): void {
  try {
    sink(entry, link);
  } catch (error) {
    span.addEvent("toolgate.audit.sink_error", { "error.type": error instanceof Error ? error.name : "Error" });
  }
}

// Capture must never cost the audit record: a getter that throws or a cycle becomes a placeholder.
function serialize(value: unknown, redact: Redactor): { json: string; count: number } {
  try {
    const { value: safe, count } = redact(value);
    const json = JSON.stringify(safe) ?? "null";
    return { json: json.length > MAX_CAPTURE ? `${json.slice(0, MAX_CAPTURE)}…[truncated]` : json, count };
  } catch {
    return { json: '"[unserializable]"', count: 0 };
  }
}

const MAX_CAPTURE = 16_384;

function capture(options: RecordOptions, call: ToolCall, ending: CallEnding, result: unknown): void {
  if (!options.captureArguments && !options.captureResults) return;
  let redactions = 0;
  if (options.captureArguments) {
    const { json, count } = serialize(call.input, options.redact ?? redact);
    call.span.setAttribute(ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, json);
    redactions += count;
  }
  if (options.captureResults && ending === "allowed") {
    const { json, count } = serialize(result, options.redact ?? redact);
    call.span.setAttribute(ATTR_GEN_AI_TOOL_CALL_RESULT, json);
    redactions += count;
  }
  call.span.setAttribute(TOOLGATE.redactions, redactions);
}

function markError(call: ToolCall, ending: CallEnding, error: unknown): void {
  const type = isToolgateError(error) ? error.code : error instanceof Error ? error.constructor.name : "Error";
  call.span.setAttribute(ATTR_ERROR_TYPE, type);
  if (ending === "failed" && error instanceof Error) call.span.recordException(error);
  call.span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** The refusal for a pipeline that resolved without running the tool: a stage answered in its place. */
function answeredWithoutTool(call: ToolCall): Error {
  const reason = "a stage returned a value instead of calling next() or refusing, so the tool never ran";
  const decision = { effect: "deny" as const, rule: call.decision?.rule ?? "pipeline", reason };
  return refuse(call, "PIPELINE_ERROR", decision, "A stage must call next() once or throw a ToolgateError.");
}

/**
 * The audit record. Wraps every other stage so it sees how the call ended — allowed, denied or failed —
 * and writes the decision, the outcome and the next link of the hash chain onto the span, before any
 * optional capture of arguments and results (which can never break the record).
 *
 * @example
 * ```ts
 * const stage = record({ chain: new AuditChain(), onEnding: (call, ending) => counters[ending]++ });
 * ```
 */
export function record(options: RecordOptions): Stage {
  const finish = (call: ToolCall, ending: CallEnding, error: unknown, result: unknown) => {
    options.onEnding(call, ending);
    const { span, decision } = call;
    const recording = span.isRecording();
    // With neither a recording span nor a sink there is no record to chain; otherwise every call is chained.
    if (!recording && !options.onEntry) return;
    const entry: AuditEntry = {
      agentId: call.agent.id,
      chain: call.agent.chain.join(","),
      conversationId: call.conversationId ?? "",
      tool: call.tool.name,
      callId: call.callId,
      effect: decision?.effect ?? "deny",
      rule: decision?.rule ?? "none",
      reason: decision?.reason ?? "",
      approvedBy: call.approvedBy?.join(", ") ?? "",
      outcome: ending,
      time: new Date().toISOString(),
    };
    const link = options.chain.append(entry);
    if (options.onEntry) deliver(options.onEntry, entry, link, span);
    if (!recording) return;
    span.setAttributes({
      [TOOLGATE.decisionEffect]: entry.effect,
      [TOOLGATE.decisionRule]: entry.rule,
      [TOOLGATE.decisionReason]: entry.reason,
      [TOOLGATE.outcome]: ending,
      [TOOLGATE.auditSeq]: link.seq,
      [TOOLGATE.auditTime]: entry.time,
      [TOOLGATE.auditHash]: link.hash,
      [TOOLGATE.auditPrevHash]: link.prevHash,
    });
    if (ending !== "allowed") markError(call, ending, error);
    capture(options, call, ending, result);
  };
  return (call, next) =>
    next().then(
      (result) => {
        if (!call.executed) {
          const error = answeredWithoutTool(call);
          finish(call, "denied", error, undefined);
          throw error;
        }
        finish(call, "allowed", undefined, result);
        return result;
      },
      (error: unknown) => {
        // Marked here rather than around the tool, which would cost a promise on every call.
        if (call.executed) markThrownByTool(error);
        finish(call, call.executed ? "failed" : "denied", error, undefined);
        throw error;
      },
    );
}
