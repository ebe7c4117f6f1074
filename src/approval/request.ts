import { deepFreeze } from "../internal/deep-freeze.js";
import { newApprovalId } from "../internal/ids.js";
import type { Decision } from "../policy/decision.js";
import { type Redactor, redact } from "../redact/index.js";
import type { Risk } from "../tool/risk.js";
import type { AgentIdentity } from "../tool/tool.js";
import type { RequestFor } from "./chain.js";

/** What a request is built from. */
export interface RequestBasis {
  agent: AgentIdentity;
  tool: { name: string; description: string | undefined; risk: Risk };
  decision: Decision;
  input: unknown;
  argsHash: string;
  inputHash: string | undefined;
  callId: string;
  conversationId: string | undefined;
  traceId: string;
  spanId: string;
  requestedAt: number;
  expiresAt: number;
}

/**
 * Returns a factory of frozen requests, one per approver asked, sharing everything but `id` and `approver`.
 * The redacted input is frozen too: one approver cannot change what the next one sees.
 */
export function requestsFor(basis: RequestBasis, redactor: Redactor = redact): RequestFor {
  const redacted = redactor(basis.input);
  const shared = {
    agent: basis.agent,
    tool: Object.freeze({ name: basis.tool.name, description: basis.tool.description }),
    risk: basis.tool.risk,
    rule: basis.decision.rule,
    reason: basis.decision.reason,
    input: deepFreeze(redacted.value),
    redactions: redacted.count,
    argsHash: basis.argsHash,
    inputHash: basis.inputHash,
    callId: basis.callId,
    conversationId: basis.conversationId,
    traceId: basis.traceId,
    spanId: basis.spanId,
    requestedAt: new Date(basis.requestedAt).toISOString(),
    expiresAt: new Date(basis.expiresAt).toISOString(),
  };
  return (approver) => Object.freeze({ id: newApprovalId(), approver, ...shared });
}
