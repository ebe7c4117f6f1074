import { isoTimeCache } from "../internal/clock.js";
import { deepFreeze } from "../internal/deep-freeze.js";
import type { Decision } from "../policy/decision.js";
import { type Redacted, type Redactor, redact, redactDecided, redactText } from "../redact/index.js";
import type { Risk } from "../tool/risk.js";
import type { AgentIdentity } from "../tool/tool.js";
import type { RequestFor } from "./chain.js";
import { derivedRequestId, randomRequestId } from "./request-id.js";
import type { ApprovalRequest } from "./types.js";

/** What a request is built from. Times are wall-clock milliseconds (display only). */
export interface RequestBasis {
  agent: AgentIdentity;
  tool: { name: string; description: string | undefined; risk: Risk };
  decision: Decision;
  input: unknown;
  argsHash: string;
  callId: string;
  /** The caller named the call (`callId`): a resumed call may ask for its requests again. */
  resumable: boolean;
  conversationId: string | undefined;
  traceId: string;
  spanId: string;
  requestedAt: number;
  expiresAt: number;
}

// One cache each: a request's two times are apart, and each repeats across the requests of one millisecond.
const requestedText = isoTimeCache();
const expiresText = isoTimeCache();

// A rule's reason repeats from call to call: redacted once while it does (redaction is deterministic).
let lastReason: string | undefined;
let lastRedacted = "";
function redactedReason(reason: string): string {
  if (reason !== lastReason) {
    lastRedacted = redactText(reason);
    lastReason = reason;
  }
  return lastRedacted;
}

// A tool repeats from call to call too: its frozen view is shared while it does (nobody can change it).
let lastTool: ApprovalRequest["tool"] = Object.freeze({ name: "", description: undefined });
function toolView(name: string, description: string | undefined): ApprovalRequest["tool"] {
  if (name !== lastTool.name || description !== lastTool.description) lastTool = Object.freeze({ name, description });
  return lastTool;
}

/**
 * The input as approvers see it, frozen all the way down: the built-in redaction copies (frozen) only what it
 * changes of the decided value, which is frozen already.
 */
function frozenView(input: unknown, redactor: Redactor | undefined): Pick<Redacted, "value" | "hidden"> {
  if (redactor === undefined || redactor === redact) return redactDecided(input);
  const redacted = redactor(input);
  return { value: deepFreeze(redacted.value), hidden: deepFreeze(redacted.hidden.map((spot) => ({ ...spot }))) };
}

/**
 * Returns a factory of frozen requests, one per approver and step, sharing everything but `id` and `approver`.
 * For a call the caller named, the id is derived from the call (agent, conversation, call id, tool, argsHash), the
 * rule that asked, the approver and the step: a resumed call asks for the same request again, and no other call,
 * agent, input or rule can produce it. A call given no call id has a fresh one nothing can repeat, so nothing
 * could ask for its requests again: their ids are random, as unguessable and with no hash to compute. The redacted input is frozen too: one
 * approver cannot change what the next one sees.
 */
export function requestsFor(basis: RequestBasis, redactor?: Redactor): RequestFor {
  const { agent, argsHash, callId, conversationId, traceId, spanId } = basis;
  const view = frozenView(basis.input, redactor);
  const tool = toolView(basis.tool.name, basis.tool.description);
  const { risk } = basis.tool;
  const { rule } = basis.decision;
  const reason = redactedReason(basis.decision.reason);
  const requestedAt = requestedText(basis.requestedAt);
  const expiresAt = expiresText(basis.expiresAt);
  // The rule is part of it: a call resumed under another rule (a replica on another policy version) is told what
  // that rule says, and never collects an answer given to what the first one said.
  const call = basis.resumable
    ? `${agent.id}\u0000${conversationId ?? ""}\u0000${callId}\u0000${tool.name}\u0000${argsHash}\u0000${rule}`
    : undefined;
  // Written out, not `{ id, approver, ...shared }`: spreading 14 properties costs ten times this literal.
  return (approver, step) =>
    Object.freeze({
      id: call === undefined ? randomRequestId() : derivedRequestId(call, approver, step),
      approver,
      agent,
      tool,
      risk,
      rule,
      reason,
      input: view.value,
      hidden: view.hidden,
      argsHash,
      callId,
      conversationId,
      traceId,
      spanId,
      requestedAt,
      expiresAt,
    });
}
