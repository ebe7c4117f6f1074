import type { Agent } from "../identity/agent.js";
import { getOrCreate } from "../internal/get-or-create.js";
import { agentPiece, decisionPiece, toolPiece } from "../ledger/build.js";
import type { CallFacts, LedgerAgent, LedgerDecision } from "../ledger/entry.js";
import type { BeginInput, RefusalInput } from "../ledger/kinds.js";
import type { Decision } from "../policy/decision.js";
import { type KnownSecret, redact, redactKnowing } from "../redact/index.js";
import type { Tool } from "../tool/tool.js";
import type { AuditSettings } from "./audit-settings.js";
import { argsHash } from "./input.js";
import type { CallState } from "./types.js";

/**
 * A value redacted for the record, and how many values were hidden; a value that cannot be serialised is
 * recorded as such, never dropping the entry. `known`: secrets of the call's input a result may quote.
 */
export function redactedCopy(
  audit: AuditSettings,
  value: unknown,
  known: readonly KnownSecret[] = [],
): { value: unknown; count: number } {
  try {
    // The built-in redaction also hides the call's known secrets where the value repeats them.
    const { value: copy, count } =
      known.length > 0 && audit.redact === redact ? redactKnowing(value, known) : audit.redact(value);
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

const agents = new WeakMap<Agent, LedgerAgent>();
const tools = new WeakMap<Tool, CallFacts["tool"]>();
// A policy's decisions are frozen and repeat on every call they decide: redacted and written once per redactor.
const decisions = new WeakMap<Decision, { redactText: AuditSettings["redactText"]; piece: LedgerDecision }>();

/**
 * The decision as the ledger records it: made once for a frozen decision (a rule's), made anew for one decided
 * for this call alone (a refusal, a would-be decision beside it).
 */
export function recordedDecision(audit: AuditSettings, decision: Decision): LedgerDecision {
  const cacheable = Object.isFrozen(decision) && (decision.shadow === undefined || Object.isFrozen(decision.shadow));
  if (!cacheable) return ledgerDecision(audit, decision);
  const known = decisions.get(decision);
  if (known?.redactText === audit.redactText) return known.piece;
  const piece = decisionPiece(ledgerDecision(audit, decision));
  decisions.set(decision, { redactText: audit.redactText, piece });
  return piece;
}

const NO_APPROVALS: readonly never[] = Object.freeze([]);
const NO_DECISION: Decision = Object.freeze({ effect: "deny", rule: "none", reason: "no stage decided the call" });

/**
 * The ledger's `begin` entry for a call, or its `refusal` (with the refusal's `code`): who, what, the decided
 * value's hash, why. Built as the ledger's input directly, in one object.
 */
export function callFacts(audit: AuditSettings, call: CallState, kind: "begin"): BeginInput;
export function callFacts(audit: AuditSettings, call: CallState, kind: "refusal", code: string): RefusalInput;
export function callFacts(
  audit: AuditSettings,
  call: CallState,
  kind: "begin" | "refusal",
  code?: string,
): BeginInput | RefusalInput {
  const { agent, tool } = call;
  const facts: { -readonly [K in keyof CallFacts]: CallFacts[K] } & {
    kind: typeof kind;
    code?: string;
    beginSeq?: number;
  } = {
    kind,
    callId: call.callId,
    agent: getOrCreate(agents, agent, () =>
      agentPiece({
        id: agent.id,
        name: agent.name,
        owner: agent.owner,
        chain: agent.chain,
        ...(agent.parentId !== undefined && { root: agent.rootName }),
      }),
    ),
    tool: getOrCreate(tools, tool, () => toolPiece({ name: tool.name, risk: tool.risk })),
    decision: recordedDecision(audit, call.decision ?? NO_DECISION),
    approvals: call.answers ?? NO_APPROVALS,
  };
  if (call.conversationId !== undefined) facts.conversationId = call.conversationId;
  if (call.clientRequestId !== undefined) facts.clientRequestId = call.clientRequestId;
  // A begin always carries the hash (the tool is about to run on the decided value); a refusal only when a value was decided.
  if (call.taken || kind === "begin") facts.argsHash = argsHash(call);
  if (call.taken && audit.captureArguments) facts.arguments = redactedCopy(audit, call.input).value;
  if (kind === "refusal") facts.code = code;
  // Refused after its begin: the refusal names that begin, the one it closes (call ids repeat; seqs do not).
  if (kind === "refusal" && call.begun) facts.beginSeq = call.begun.entry.seq;
  return facts as BeginInput | RefusalInput;
}
