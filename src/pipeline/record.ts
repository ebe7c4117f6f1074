import { SpanStatusCode } from "@opentelemetry/api";
import type { AuditChain } from "../audit/chain.js";
import { redact } from "../audit/redact.js";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  TOOLGATE,
} from "../audit/semconv.js";
import { isToolgateError } from "../errors.js";
import type { CallEnding } from "../identity/inventory.js";
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
}

function serialize(value: unknown): { json: string; count: number } {
  const { value: safe, count } = redact(value);
  try {
    return { json: JSON.stringify(safe) ?? "null", count };
  } catch {
    return { json: '"[unserializable]"', count };
  }
}

/**
 * The audit record. Wraps every other stage so it sees how the call ended, allowed, denied or failed, and
 * writes the decision, the outcome and the next link of the hash chain onto the span.
 *
 * @example
 * ```ts
 * const stage = record({ chain: new AuditChain(), onEnding: (call, ending) => counters[ending]++ });
 * ```
 */
export function record(options: RecordOptions): Stage {
  const finish = (call: ToolCall, ending: CallEnding, error: unknown, result: unknown) => {
    options.onEnding(call, ending);
    const { span } = call;
    if (!span.isRecording()) return;
    const decision = call.decision;
    const effect = decision?.effect ?? "deny";
    const rule = decision?.rule ?? "none";
    let redactions = 0;
    if (options.captureArguments) {
      const { json, count } = serialize(call.input);
      span.setAttribute(ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, json);
      redactions += count;
    }
    if (options.captureResults && ending === "allowed") {
      const { json, count } = serialize(result);
      span.setAttribute(ATTR_GEN_AI_TOOL_CALL_RESULT, json);
      redactions += count;
    }
    if (options.captureArguments || options.captureResults) span.setAttribute(TOOLGATE.redactions, redactions);
    const link = options.chain.append({
      agentId: call.agent.id,
      tool: call.tool.name,
      callId: call.callId,
      effect,
      rule,
      outcome: ending,
    });
    span.setAttributes({
      [TOOLGATE.decisionEffect]: effect,
      [TOOLGATE.decisionRule]: rule,
      [TOOLGATE.decisionReason]: decision?.reason,
      [TOOLGATE.outcome]: ending,
      [TOOLGATE.auditSeq]: link.seq,
      [TOOLGATE.auditHash]: link.hash,
      [TOOLGATE.auditPrevHash]: link.prevHash,
    });
    if (ending === "allowed") return;
    const type = isToolgateError(error) ? error.code : error instanceof Error ? error.constructor.name : "Error";
    span.setAttribute(ATTR_ERROR_TYPE, type);
    if (ending === "failed" && error instanceof Error) span.recordException(error);
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
  };
  return (call, next) =>
    next().then(
      (result) => {
        finish(call, "allowed", undefined, result);
        return result;
      },
      (error: unknown) => {
        finish(call, call.executed ? "failed" : "denied", error, undefined);
        throw error;
      },
    );
}
