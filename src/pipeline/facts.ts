import type { CallFacts, LedgerDecision } from "../ledger/entry.js";
import type { Decision } from "../policy/decision.js";
import type { AuditSettings } from "./audit-settings.js";
import { argsHash } from "./input.js";
import type { CallState } from "./types.js";

/**
 * A value redacted for the record, and how many values were hidden; a value that cannot be serialised is
 * recorded as such, never dropping the entry.
 */
export function redactedCopy(audit: AuditSettings, value: unknown): { value: unknown; count: number } {
  try {
    const { value: copy, count } = audit.redact(value);
    return { value: copy, count };
  } catch {
    return { value: "[unserializable]", count: 0 };
  }
}

/** The decision as the ledger keeps it: reasons redacted, and the would-be decision beside it when recorded. */
function ledgerDecision(audit: AuditSettings, decision: Decision): LedgerDecision {
  const { effect, rule, reason, shadow } = decision;
  const recorded = { effect, rule, reason: audit.redactText(reason) };
  if (!shadow) return recorded;
  return { ...recorded, shadow: { ...shadow, reason: audit.redactText(shadow.reason) } };
}

/** What the ledger's `begin` and `refusal` entries say about a call: who, what, the decided value's hash, why. */
export function callFacts(audit: AuditSettings, call: CallState): CallFacts {
  const { agent, tool } = call;
  const decision: Decision = call.decision ?? { effect: "deny", rule: "none", reason: "no stage decided the call" };
  const facts: {
    -readonly [K in keyof CallFacts]: CallFacts[K];
  } = {
    callId: call.callId,
    agent: {
      id: agent.id,
      name: agent.name,
      owner: agent.owner,
      chain: agent.chain,
      ...(agent.parentId !== undefined && { root: agent.rootName }),
    },
    tool: { name: tool.name, risk: tool.risk },
    decision: ledgerDecision(audit, decision),
    approvals: call.answers ?? [],
  };
  if (call.conversationId !== undefined) facts.conversationId = call.conversationId;
  if (call.taken) {
    facts.argsHash = argsHash(call);
    if (audit.captureArguments) facts.arguments = redactedCopy(audit, call.input).value;
  }
  return facts;
}
