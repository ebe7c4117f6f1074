import type { LinkFields } from "./build.js";
import { quoted } from "./built-text.js";
import type { EntryInput } from "./kinds.js";
import { pieceText } from "./pieces.js";
import { jsonString } from "./well-formed.js";

type Plain = Record<string, unknown>;
type Link = { writer: string; seq: string; prevHash: string; time: string };

// Every gate entry without approvals shares one frozen empty list (an entry is frozen, its list with it).
const NO_APPROVALS: readonly never[] = Object.freeze([]);

const { writers, times, callIds, prevHashes, digests, outcomes } = quoted;
// The format version is written as the literal 2, in the objects and in the texts: an imported constant there made
// a begin and end pair 15-28% slower (side by side with 253158f). buildEntry writes LEDGER_FORMAT_VERSION, and the
// writers' property test holds the two to the same entry.

// JSON of a well-formed string; undefined for anything else (a lone surrogate is the general writer's to mend).
const string = jsonString;
const count = (value: unknown): string | undefined =>
  typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;

/** `,"key":text` for an optional field; undefined when present but not writable here. */
function optional(key: string, value: unknown, write: (value: unknown) => string | undefined): string | undefined {
  if (value === undefined) return "";
  const text = write(value);
  return text === undefined ? undefined : `,"${key}":${text}`;
}

/** The link's fields as JSON (the writer, the previous hash and the time repeat, and were escaped once). */
function linkText(link: LinkFields): Link | undefined {
  const writer = writers.of(link.writer);
  const seq = count(link.seq);
  const prevHash = prevHashes.of(link.prevHash);
  const time = times.of(link.time);
  if (writer === undefined || seq === undefined || prevHash === undefined || time === undefined) return undefined;
  return { writer, seq, prevHash, time };
}

/**
 * A call's `begin` or `refusal` entry and its canonical JSON in one pass, for the entries a gate makes: agent, tool
 * and decision are pieces, no approvals, no captured arguments, every string well-formed. Undefined otherwise.
 */
function factsEntry(
  input: Extract<EntryInput, { kind: "begin" | "refusal" }>,
  kind: "begin" | "refusal",
  link: LinkFields,
  at: Link,
) {
  const { agent, tool, decision, approvals, callId, conversationId, clientRequestId, argsHash } = input;
  const agentText = pieceText(agent);
  const toolText = pieceText(tool);
  const decisionText = pieceText(decision);
  if (agentText === undefined || toolText === undefined || decisionText === undefined) return undefined;
  if (!Array.isArray(approvals) || approvals.length !== 0 || input.arguments !== undefined) return undefined;
  const code = kind === "refusal" ? (input as Extract<EntryInput, { kind: "refusal" }>).code : undefined;
  // Read once: the seq written into the text is the one the entry holds.
  const beginSeq = kind === "refusal" ? (input as Extract<EntryInput, { kind: "refusal" }>).beginSeq : undefined;
  const beginSeqText = beginSeq === undefined ? "" : optional("beginSeq", beginSeq, count);
  const callIdText = callIds.of(callId);
  const args = optional("argsHash", argsHash, (value) => digests.of(value));
  const conversation = optional("conversationId", conversationId, string);
  const request = optional("clientRequestId", clientRequestId, string);
  // A refusal's code is required: without one it is not the gate's entry (the general builder refuses it).
  const codeText = kind === "refusal" ? (code === undefined ? undefined : optional("code", code, string)) : "";
  if (callIdText === undefined || args === undefined || conversation === undefined || codeText === undefined) {
    return undefined;
  }
  if (request === undefined || beginSeqText === undefined) return undefined;
  const { writer, seq, prevHash, time } = link;
  const entry: Plain = {
    v: 2,
    kind,
    writer,
    seq,
    prevHash,
    time,
    callId,
    agent,
    tool,
    decision,
    approvals: NO_APPROVALS,
  };
  if (conversationId !== undefined) entry.conversationId = conversationId;
  if (clientRequestId !== undefined) entry.clientRequestId = clientRequestId;
  if (argsHash !== undefined) entry.argsHash = argsHash;
  if (code !== undefined) entry.code = code;
  if (beginSeq !== undefined) entry.beginSeq = beginSeq;
  const canonical = `{"agent":${agentText},"approvals":[]${args}${beginSeqText},"callId":${callIdText}${request}${codeText}${conversation},"decision":${decisionText},"kind":"${kind}","prevHash":${at.prevHash},"seq":${at.seq},"time":${at.time},"tool":${toolText},"v":2,"writer":${at.writer}}`;
  return { entry, canonical };
}

/** As {@link factsEntry}, for an `end` that carries no error and no captured result. */
function endEntry(input: Extract<EntryInput, { kind: "end" }>, link: LinkFields, at: Link) {
  const { callId, beginSeq, outcome, resultHash } = input;
  if (input.error !== undefined || input.result !== undefined) return undefined;
  const callIdText = callIds.of(callId);
  const beginSeqText = count(beginSeq);
  const outcomeText = outcomes.of(outcome);
  const result = optional("resultHash", resultHash, (value) => digests.of(value));
  if (callIdText === undefined || beginSeqText === undefined || outcomeText === undefined || result === undefined) {
    return undefined;
  }
  const { writer, seq, prevHash, time } = link;
  const entry: Plain = {
    v: 2,
    kind: "end",
    writer,
    seq,
    prevHash,
    time,
    callId,
    beginSeq,
    outcome,
  };
  if (resultHash !== undefined) entry.resultHash = resultHash;
  const canonical = `{"beginSeq":${beginSeqText},"callId":${callIdText},"kind":"end","outcome":${outcomeText},"prevHash":${at.prevHash}${result},"seq":${at.seq},"time":${at.time},"v":2,"writer":${at.writer}}`;
  return { entry, canonical };
}

/**
 * @internal The entry (without `hash`) and its RFC 8785 canonical JSON for a gate's common call entries, built
 * together with no intermediate copy and no re-read; undefined for anything else (approvals, captures, errors, a
 * part that is not a piece, a string that is not well-formed), which `buildEntry` and the writers handle. The
 * object and the text are exactly what `buildEntry` and `builtEntryText` make of the same input (a property
 * test holds them to it).
 */
export function callEntry(input: EntryInput, link: LinkFields): { entry: Plain; canonical: string } | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  // Read once: the kind checked here is the one written bare into the text (a getter must not change it after).
  const kind = input.kind;
  if (kind !== "begin" && kind !== "refusal" && kind !== "end") return undefined;
  const at = linkText(link);
  if (at === undefined) return undefined;
  return kind === "end" ? endEntry(input, link, at) : factsEntry(input, kind, link, at);
}
