import { describedCall } from "../../ledger/verify/calls.js";

// The entries the gate writes, read defensively: a trail is evidence, so a field of the wrong type makes the entry
// unusable for a command (and counted), never a crash or a misread.

/** A call as a `begin` (it reached its tool) or a `refusal` (it never did) records it. */
export interface CallRecord {
  readonly kind: "begin" | "refusal";
  readonly callId: string;
  /** Where the entry sits: the writer whose chain holds it, and its seq there (what an `end` names its begin by). */
  readonly at: EntryPlace | undefined;
  readonly time: string;
  readonly agent: {
    readonly id: string;
    readonly name: string;
    readonly owner: string;
    readonly chain: readonly string[];
    /** A delegate's root agent name, as the gate records it. */
    readonly root?: string;
  };
  readonly tool: { readonly name: string; readonly risk: string };
  readonly decision: {
    readonly effect: string;
    readonly rule: string;
    readonly reason: string;
    /** What enforcement would have decided (a call in shadow mode, or shadow rules that differed), and whose mode. */
    readonly shadow?: { readonly effect: string; readonly rule: string; readonly by: string };
  };
  readonly approvals: readonly { readonly approver: string; readonly approved: boolean }[];
  /** The redacted arguments, when the gate captured them. */
  readonly arguments?: unknown;
  readonly hasArguments: boolean;
  /** A refusal's ToolgateError code. */
  readonly code?: string;
  /** A refusal's own `begin`, when it was refused after it (its writer's, at its `beginSeq`). */
  readonly begun?: EntryPlace;
  /** Which call it describes, as verifyAudit pairs a refusal with its begin (see `describedCall`). */
  readonly call?: string;
}

/** An entry's writer and seq: a place no other entry of the trail has, unlike a call id a model may have chosen. */
export interface EntryPlace {
  readonly writer: string;
  readonly seq: number;
}

/** How a begun call ended. */
export interface EndRecord {
  readonly callId: string;
  /** The place of the `begin` it ends (its writer's, at its `beginSeq`). */
  readonly begun: EntryPlace | undefined;
  readonly time: string;
  readonly outcome: "allowed" | "failed";
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === "string" && value.length > 0;
const texts = (value: unknown): value is string[] => Array.isArray(value) && value.length > 0 && value.every(isText);
const time = (entry: Record<string, unknown>) => (typeof entry.time === "string" ? entry.time : "");
const placeOf = (writer: unknown, seq: unknown): EntryPlace | undefined =>
  isText(writer) && Number.isSafeInteger(seq) ? { writer, seq: seq as number } : undefined;

function agentOf(value: unknown): CallRecord["agent"] | undefined {
  if (!isObject(value) || !isText(value.id) || !isText(value.name) || typeof value.owner !== "string") return undefined;
  if (!texts(value.chain) || value.chain.at(-1) !== value.id) return undefined;
  const root = value.chain.length > 1 && isText(value.root) ? { root: value.root } : {};
  return { id: value.id, name: value.name, owner: value.owner, chain: value.chain, ...root };
}

function approvalsOf(value: unknown): CallRecord["approvals"] | undefined {
  if (!Array.isArray(value)) return undefined;
  const answers = value.filter((answer) => isObject(answer) && isText(answer.approver));
  return answers.map((answer) => ({ approver: answer.approver as string, approved: answer.approved === true }));
}

function shadowOf(value: unknown): { effect: string; rule: string; by: string } | undefined {
  return isObject(value) && isText(value.effect) && isText(value.rule)
    ? { effect: value.effect, rule: value.rule, by: isText(value.by) ? value.by : "unknown" }
    : undefined;
}

/** The call a `begin` or `refusal` entry records, or `undefined` for any other entry or one that is malformed. */
export function callRecord(entry: Record<string, unknown>): CallRecord | undefined {
  if (entry.kind !== "begin" && entry.kind !== "refusal") return undefined;
  const { tool, decision } = entry;
  const agent = agentOf(entry.agent);
  const approvals = approvalsOf(entry.approvals);
  if (!agent || !approvals || !isText(entry.callId) || !isObject(tool) || !isText(tool.name)) return undefined;
  if (typeof tool.risk !== "string" || !isObject(decision) || !isText(decision.effect) || !isText(decision.rule)) {
    return undefined;
  }
  const hasArguments = Object.hasOwn(entry, "arguments");
  const begun = entry.kind === "refusal" ? placeOf(entry.writer, entry.beginSeq) : undefined;
  const described = describedCall(entry);
  return {
    kind: entry.kind,
    callId: entry.callId,
    at: placeOf(entry.writer, entry.seq),
    time: time(entry),
    agent,
    tool: { name: tool.name, risk: tool.risk },
    decision: {
      effect: decision.effect,
      rule: decision.rule,
      reason: String(decision.reason ?? ""),
      ...(shadowOf(decision.shadow) && { shadow: shadowOf(decision.shadow) }),
    },
    approvals,
    hasArguments,
    ...(hasArguments && { arguments: entry.arguments }),
    ...(entry.kind === "refusal" && { code: String(entry.code ?? "") }),
    ...(begun && { begun }),
    ...(described !== undefined && { call: described }),
  };
}

/** How a call ended, from an `end` entry. */
export function endRecord(entry: Record<string, unknown>): EndRecord | undefined {
  if (entry.kind !== "end" || !isText(entry.callId)) return undefined;
  if (entry.outcome !== "allowed" && entry.outcome !== "failed") return undefined;
  return {
    callId: entry.callId,
    begun: placeOf(entry.writer, entry.beginSeq),
    time: time(entry),
    outcome: entry.outcome,
  };
}
