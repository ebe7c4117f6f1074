import { isSpanContextValid, type SpanContext } from "@opentelemetry/api";
import { ToolgateError } from "../errors.js";
import { checkText } from "../internal/checked-text.js";
import type { CallOptions } from "./guarded.js";

// Only a real AbortSignal has a readable `aborted`: an object made from its prototype (or a Proxy of one)
// passes `instanceof` but throws on every read, and would make the call throw synchronously.
function isSignal(value: unknown): boolean {
  if (!(value instanceof AbortSignal)) return false;
  try {
    return typeof value.aborted === "boolean";
  } catch {
    return false;
  }
}

const NONE: CallOptions = Object.freeze({});
const MAX_LINKS = 8;
// A remote client's request id is its claim, not a name: only its size and visible form are checked.
const MAX_REQUEST_ID = 256;
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/u;

/** Span contexts, copied (a getter is read once) and checked: valid ids, at most eight. */
function readLinks(links: unknown, refuse: (message: string) => never): SpanContext[] {
  // The length is read once and the items by index: the array's own `map` or a Proxy's second length never count.
  const length = Array.isArray(links) ? (links as unknown[]).length : -1;
  if (!(length >= 0 && length <= MAX_LINKS)) refuse(`\`links\` must be an array of at most ${MAX_LINKS} span contexts`);
  const contexts: SpanContext[] = [];
  for (let index = 0; index < length; index++) {
    const { traceId, spanId, traceFlags } = ((links as unknown[])[index] ?? {}) as Partial<SpanContext>;
    const context = { traceId, spanId, traceFlags, isRemote: true } as SpanContext;
    if (!isSpanContextValid(context) || typeof traceFlags !== "number") refuse("`links` must hold valid span contexts");
    contexts.push(context);
  }
  return contexts;
}

/**
 * Reads call options once (a getter cannot show the check one value and the call another) and refuses
 * options of the wrong shape up front, before a span or a stage sees them. Options that cannot be read (a getter
 * or Proxy trap that throws, a revoked Proxy) are refused the same way: always a `ToolgateError`, so the refusal
 * is recorded.
 */
export function readCallOptions(tool: string, agentId: string, options: CallOptions | undefined): CallOptions {
  if (options === undefined) return NONE;
  const what = `${tool}.call(input, options)`;
  const refuse = (message: string): never => {
    throw new ToolgateError({ code: "INVALID_ARGUMENT", message: `${what}: ${message}.`, agentId, tool });
  };
  try {
    return readOptions(what, agentId, tool, options, refuse);
  } catch (error) {
    if (error instanceof ToolgateError) throw error;
    // What was thrown is not read: its message could be anything a caller chose, or throw in turn.
    return refuse("the options could not be read (a getter or Proxy trap threw); pass plain data");
  }
}

function readOptions(
  what: string,
  agentId: string,
  tool: string,
  options: CallOptions,
  refuse: (message: string) => never,
): CallOptions {
  if (typeof options !== "object" || options === null)
    refuse("options must be an object { callId?, conversationId?, signal? }");
  const { callId, conversationId, signal, links, clientRequestId } = options;
  try {
    checkText(what, "callId", callId, false);
    checkText(what, "conversationId", conversationId, false);
  } catch (error) {
    throw new ToolgateError({ code: "INVALID_ARGUMENT", message: (error as Error).message, agentId, tool });
  }
  if (signal !== undefined && !isSignal(signal)) refuse("`signal` must be an AbortSignal");
  const request = clientRequestId;
  if (
    request !== undefined &&
    (typeof request !== "string" || request === "" || request.length > MAX_REQUEST_ID || HIDDEN.test(request))
  )
    refuse(`\`clientRequestId\` must be a string of 1 to ${MAX_REQUEST_ID} visible characters`);
  const read = { callId, conversationId, signal, links: links === undefined ? undefined : readLinks(links, refuse) };
  return request === undefined ? read : { ...read, clientRequestId: request };
}
