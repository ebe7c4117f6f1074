import type { CallFacts, LedgerApproval } from "./entry.js";
import type { CheckpointInput, EntryInput, GapInput } from "./kinds.js";
import { ledgerPiece, pieceText } from "./pieces.js";
import { LEDGER_FORMAT_VERSION } from "./version.js";
import { isWellFormed, toWellFormed } from "./well-formed.js";

type Plain = Record<string, unknown>;

/** @internal The fields the ledger assigns. */
export interface LinkFields {
  readonly writer: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly time: string;
}

/** @internal Anything the ledger appends: an input, or one of its own entries (unsigned checkpoints included). */
export type AnyInput = EntryInput | GapInput | (Omit<CheckpointInput, "signature"> & { signature?: string });

// RFC 8785 refuses lone surrogates; a tool name or an error message may carry one, and must not stop the record.
const text = (value: string): string => (isWellFormed(value) ? value : toWellFormed(value));
const maybe = (value: string | undefined): string | undefined => (value === undefined ? undefined : text(value));

function set(target: Plain, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

function approval(answer: LedgerApproval): Plain {
  const out: Plain = { approver: text(answer.approver), by: text(answer.by), approved: answer.approved === true };
  set(out, "reason", maybe(answer.reason));
  return out;
}

function agentOf(agent: CallFacts["agent"]): Plain {
  const copy: Plain = {
    id: text(agent.id),
    name: text(agent.name),
    owner: text(agent.owner),
    chain: agent.chain.map(text),
  };
  set(copy, "root", maybe(agent.root));
  return copy;
}

function decisionOf(decision: CallFacts["decision"]): Plain {
  const madeDecision: Plain = {
    effect: text(decision.effect),
    rule: text(decision.rule),
    reason: text(decision.reason),
  };
  const { shadow } = decision;
  if (shadow) {
    madeDecision.shadow = {
      effect: text(shadow.effect),
      rule: text(shadow.rule),
      reason: text(shadow.reason),
      by: text(shadow.by),
    };
  }
  return madeDecision;
}

/** @internal An agent as entries record it, made once: a frozen piece whose canonical JSON is written once. */
export const agentPiece = (agent: CallFacts["agent"]): CallFacts["agent"] =>
  ledgerPiece(agentOf(agent)) as unknown as CallFacts["agent"];

/** @internal A tool as entries record it (name and risk), made once. */
export const toolPiece = (tool: CallFacts["tool"]): CallFacts["tool"] =>
  ledgerPiece({ name: text(tool.name), risk: text(tool.risk) });

/** @internal A decision as entries record it (reasons as given: redact them first), made once. */
export const decisionPiece = (decision: CallFacts["decision"]): CallFacts["decision"] =>
  ledgerPiece(decisionOf(decision)) as unknown as CallFacts["decision"];

// A piece toolgate made (frozen, well-formed, its canonical JSON known) is kept as it is; anything else is copied.
function callFacts(out: Plain, facts: CallFacts): void {
  const { agent, tool, decision } = facts;
  out.callId = text(facts.callId);
  out.agent = pieceText(agent) === undefined ? agentOf(agent) : agent;
  out.tool = pieceText(tool) === undefined ? { name: text(tool.name), risk: text(tool.risk) } : tool;
  out.decision = pieceText(decision) === undefined ? decisionOf(decision) : decision;
  out.approvals = facts.approvals.map(approval);
  set(out, "conversationId", maybe(facts.conversationId));
  set(out, "clientRequestId", maybe(facts.clientRequestId));
  set(out, "argsHash", facts.argsHash);
  set(out, "arguments", facts.arguments);
}

/**
 * @internal A new entry object holding exactly the known fields of its kind (a caller's extra properties never
 * reach the record), strings made well-formed. `hash` is added by the ledger.
 */
export function buildEntry(input: AnyInput, link: LinkFields): Plain {
  const out: Plain = { v: LEDGER_FORMAT_VERSION, kind: input.kind, ...link };
  switch (input.kind) {
    case "begin":
    case "refusal":
      callFacts(out, input);
      if (input.kind === "refusal") {
        out.code = text(input.code);
        set(out, "beginSeq", input.beginSeq);
      }
      break;
    case "end":
      out.callId = text(input.callId);
      out.beginSeq = input.beginSeq;
      out.outcome = input.outcome;
      set(out, "resultHash", input.resultHash);
      if (input.error) out.error = { type: text(input.error.type), message: text(input.error.message) };
      set(out, "result", input.result);
      break;
    case "event":
      out.name = text(input.name);
      out.data = input.data;
      break;
    default: {
      const { kind: _kind, ...fields } = input;
      Object.assign(out, fields);
    }
  }
  return out;
}

/** @internal The free-form fields a placeholder replaces when they have no canonical JSON (a BigInt, a cycle, NaN). */
export const FREE_FORM = ["arguments", "result", "data"] as const;
