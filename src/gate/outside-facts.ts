// What the ledger and the span say about a refusal made outside the pipeline. Everything in it that a caller
// chose (a tool name a model made up, the text of an error about its request) is bounded, escaped and redacted:
// a hostile caller must not forge lines in a terminal, grow an entry without bound or smuggle a secret in.
import { argsHashOf } from "../internal/canonical.js";
import { clientRequestIdText } from "../internal/client-request-id.js";
import { snapshot } from "../internal/snapshot.js";
import type { LedgerAgent } from "../ledger/entry.js";
import type { RefusalInput } from "../ledger/kinds.js";
import type { AuditSettings } from "../pipeline/audit-settings.js";
import type { OutsideRefusal } from "./outside-refusal.js";

const MAX_NAME = 128;
const MAX_REASON = 512;
// As the gate caps a tool's input (1 MiB): arguments past it are recorded without a hash.
const MAX_HASHED = 1_048_576;

// Controls, format characters (bidi, zero-width), private-use, unassigned and lone surrogates, line separators.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/gu;
const escaped = (char: string) => `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`;

/** A caller's text as a record may hold it: at most `max` characters read, hidden characters written as escapes. */
export function boundedText(value: unknown, max: number): string {
  // Only a string is read: converting anything else could run a caller's `toString`.
  const text = typeof value === "string" ? value : `(${typeof value})`;
  const cut = text.length > max ? `${text.slice(0, max)}…[${text.length - max} more characters]` : text;
  return cut.replace(HIDDEN, escaped);
}

/**
 * Who the record names when no agent was identified: no id, no name, no owner and an empty chain — what no agent
 * a gate makes can have (each has a non-empty id and name, and a chain that ends with its id). Nothing a caller
 * sends can fill these fields in.
 */
export const NO_AGENT: LedgerAgent = Object.freeze({ id: "", name: "", owner: "", chain: Object.freeze([]) });

function ledgerAgent(agent: OutsideRefusal["agent"]): LedgerAgent {
  if (agent === undefined) return NO_AGENT;
  const { id, name, owner, chain } = agent;
  return { id, name, owner, chain, ...(agent.parentId !== undefined && { root: agent.rootName }) };
}

/** The hash of the arguments as received, when they are plain data under the cap. */
function hashOf(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  const taken = snapshot(input, MAX_HASHED);
  return taken.ok ? argsHashOf(taken.value) : undefined;
}

/**
 * What the error says, each field read once and never trusted: host code (an `identify` hook) can throw a forged
 * error whose getters throw or change, which must not cost the refusal its record.
 */
function toldBy(error: OutsideRefusal["error"]): Record<"code" | "rule" | "reason" | "message", unknown> {
  const read = (get: () => unknown) => {
    try {
      return get();
    } catch {
      return undefined;
    }
  };
  const decision = read(() => error.decision) as { rule?: unknown; reason?: unknown } | undefined;
  const field = (key: "rule" | "reason") => read(() => (typeof decision === "object" ? decision?.[key] : undefined));
  return {
    code: read(() => error.code),
    rule: field("rule"),
    reason: field("reason"),
    message: read(() => error.message),
  };
}

/** The `refusal` entry of an outside refusal, as the ledger takes it. */
export function outsideEntry(audit: AuditSettings, refusal: OutsideRefusal, callId: string): RefusalInput {
  const { error, conversationId } = refusal;
  const told = toldBy(error);
  const code = boundedText(told.code, MAX_NAME);
  const rule = typeof told.rule === "string" ? boundedText(told.rule, MAX_NAME) : code;
  const reason = audit.redactText(boundedText(told.reason ?? told.message, MAX_REASON));
  const argsHash = hashOf(refusal.input);
  const clientRequestId = clientRequestIdText(refusal.clientRequestId);
  return {
    kind: "refusal",
    callId,
    agent: ledgerAgent(refusal.agent),
    tool: { name: audit.redactText(boundedText(refusal.tool, MAX_NAME)), risk: refusal.risk ?? "medium" },
    decision: { effect: "deny", rule, reason },
    approvals: [],
    code,
    ...(argsHash !== undefined && { argsHash }),
    ...(clientRequestId !== undefined && { clientRequestId }),
    // Only the conversation host code vouched for, with an identified agent (a remote session never appears).
    ...(refusal.agent !== undefined &&
      typeof conversationId === "string" && { conversationId: boundedText(conversationId, MAX_NAME) }),
  };
}

/** The error message a span's status carries: bounded and redacted, as every refusal's is. */
export const outsideMessage = (audit: AuditSettings, refusal: OutsideRefusal): string =>
  audit.redactText(boundedText(toldBy(refusal.error).message, MAX_REASON));
