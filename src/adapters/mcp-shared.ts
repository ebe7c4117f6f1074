// What both MCP SDK majors' adapters share: no run-time import of either SDK, so each entry point loads
// without the other installed.
import { context, isSpanContextValid, propagation, ROOT_CONTEXT, type SpanContext, trace } from "@opentelemetry/api";
import type { ToolgateError } from "../errors.js";
import type { Risk } from "../tool/risk.js";
import { refusalText } from "./core/refusal.js";

/**
 * The `_meta` key under which `guardClient` sends the calling agent's id. Untrusted on the server unless
 * the transport authenticates it: prefer the verified `authInfo` in `guardServer`'s `identify`.
 *
 * @example
 * ```ts
 * const claimedId = extra._meta?.[MCP_AGENT_ID_META_KEY];
 * ```
 */
export const MCP_AGENT_ID_META_KEY = "toolgate/agentId";

/**
 * The risk an MCP tool's annotations suggest: `destructiveHint: true` → high, `readOnlyHint: true` → low,
 * otherwise medium. Only a hint: a policy rule's own `approval` or `deny` is never lowered by it.
 *
 * @example
 * ```ts
 * riskFromAnnotations({ destructiveHint: true }); // "high"
 * ```
 */
export function riskFromAnnotations(
  annotations: { destructiveHint?: boolean; readOnlyHint?: boolean } | undefined,
): Risk {
  if (annotations?.destructiveHint === true) return "high";
  if (annotations?.readOnlyHint === true) return "low";
  return "medium";
}

/**
 * A refusal as an MCP tool result: `isError: true` and the text the model may read (reason and rule).
 *
 * @example
 * ```ts
 * const result = refusalResult(error); // { isError: true, content: [{ type: "text", text: "Tool call refused (…)" }] }
 * ```
 */
export function refusalResult(error: ToolgateError): { isError: true; content: { type: "text"; text: string }[] } {
  return { isError: true, content: [{ type: "text", text: refusalText(error) }] };
}

/** The W3C trace context of the toolgate span, with or without a registered context manager. */
export function traceMeta(spanContext: SpanContext): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpanContext(context.active(), spanContext), carrier); // the app's propagator
  if (carrier.traceparent === undefined && isSpanContextValid(spanContext)) {
    // No global propagator registered: write W3C traceparent from the span context ourselves.
    const flags = spanContext.traceFlags.toString(16).padStart(2, "0");
    carrier.traceparent = `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
  }
  return carrier;
}

// W3C trace context, version 00, for when the app registered no propagator (as `traceMeta` writes it then).
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

function ownReading(meta: Record<string, unknown>): SpanContext | undefined {
  const found = typeof meta.traceparent === "string" ? TRACEPARENT.exec(meta.traceparent) : null;
  if (!found) return undefined;
  return {
    traceId: found[1] as string,
    spanId: found[2] as string,
    traceFlags: Number.parseInt(found[3] as string, 16),
    isRemote: true,
  };
}

/**
 * The trace context a remote caller put in `_meta`, as span links for the call — never its parent: a hostile
 * client must not graft toolgate's spans into its own trace, nor switch them off with its sampling flag.
 * Read with the app's propagator (or W3C `traceparent`); anything unreadable is no link.
 */
export function remoteLinks(meta: unknown): SpanContext[] | undefined {
  if (typeof meta !== "object" || meta === null) return undefined;
  let remote: SpanContext | undefined;
  try {
    remote =
      trace.getSpanContext(propagation.extract(ROOT_CONTEXT, meta)) ?? ownReading(meta as Record<string, unknown>);
  } catch {
    return undefined; // a propagator that throws on hostile input costs the link, never the call
  }
  return remote && isSpanContextValid(remote) ? [remote] : undefined;
}
