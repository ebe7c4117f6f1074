import type { ApprovalRequest } from "../../approval/types.js";
import type { Agent } from "../../identity/agent.js";
import { deepFreeze } from "../../internal/deep-freeze.js";
import type { Decision } from "../../policy/decision.js";
import { redact, redactText } from "../../redact/index.js";

/** A call a framework asks its user about: the agent, the tool, the exact input and the framework's call id. */
export interface BridgedCall {
  readonly agent: Agent;
  readonly tool: string;
  readonly input: unknown;
  readonly callId: string;
  readonly conversationId: string | undefined;
}

// A record the adapter opens is not one the pipeline traced: it has no trace of its own.
const NO_TRACE = "0".repeat(32);
const NO_SPAN = "0".repeat(16);

/**
 * The request a framework's question is kept under in the store, as an approval request any process can list:
 * the redacted input only (never the raw one), its `argsHash`, and the scope the answer is bound to.
 */
export function askedRequest(
  id: string,
  approver: string,
  call: BridgedCall,
  argsHash: string,
  decision: Pick<Decision, "rule" | "reason" | "risk">,
  ttlMs: number,
): ApprovalRequest {
  const now = Date.now();
  const redacted = redact(call.input);
  return deepFreeze({
    id,
    agent: call.agent.identity,
    tool: { name: call.tool, description: undefined },
    risk: decision.risk ?? "medium",
    rule: decision.rule,
    reason: redactText(decision.reason),
    input: redacted.value,
    hidden: redacted.hidden,
    argsHash,
    callId: call.callId,
    conversationId: call.conversationId,
    traceId: NO_TRACE,
    spanId: NO_SPAN,
    approver,
    requestedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttlMs).toISOString(),
  });
}
