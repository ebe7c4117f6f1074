import canonicalize from "canonicalize";
import { pieceText } from "./pieces.js";
import { jsonString } from "./well-formed.js";

type Built = Record<string, unknown>;

/** A string's JSON, remembering the last one: a writer, a kind, a time or a call id repeats from entry to entry. */
class Quoted {
  // Always a string (never undefined, which an absent field reads as), with its JSON.
  #last = "";
  #text = '""';

  of(value: unknown): string | undefined {
    if (value === this.#last) return this.#text;
    const text = jsonString(value);
    if (text === undefined) return undefined;
    this.#last = value as string;
    this.#text = text;
    return text;
  }

  /** Remembers a value whose JSON is known without escaping (a hash this process computed: hex digits). */
  know(value: string, text: string): void {
    this.#last = value;
    this.#text = text;
  }
}

const writers = new Quoted();
const kinds = new Quoted();
const times = new Quoted();
const callIds = new Quoted();
const prevHashes = new Quoted();
const digests = new Quoted();
const outcomes = new Quoted();

/** @internal The JSON of the strings that repeat from entry to entry, escaped once (see `callEntry`). */
export const quoted = { writers, kinds, times, callIds, prevHashes, digests, outcomes } as const;

/** @internal Tells the writer the hash just computed (hex, so its JSON is itself in quotes): the next entry's prevHash. */
export const knownHash = (hex: string): void => prevHashes.know(hex, `"${hex}"`);

/** @internal Tells the writer an `argsHash` or `resultHash` just computed (hex), which the next entry carries. */
export const knownDigest = (hex: string): void => digests.know(hex, `"${hex}"`);

const string = jsonString;
// String() writes a finite number as JSON.stringify does (-0 as 0), without the call.
const count = (value: unknown): string | undefined =>
  typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
const digest = (value: unknown): string | undefined => digests.of(value);

// A part buildEntry made: a piece (its text is known), or a plain copy with well-formed strings; the
// free-form fields (arguments, result) are anything JSON, which canonicalize writes or refuses.
function part(value: unknown): string | undefined {
  if (typeof value === "object" && value !== null) {
    const known = pieceText(value);
    if (known !== undefined) return known;
    if (Array.isArray(value) && value.length === 0) return "[]";
  }
  try {
    return canonicalize(value);
  } catch {
    return undefined;
  }
}

/** `,"key":text` for a field that may be absent; undefined when present but not writable. */
function optional(key: string, value: unknown, write: (value: unknown) => string | undefined): string | undefined {
  if (value === undefined) return "";
  const text = write(value);
  return text === undefined ? undefined : `,"${key}":${text}`;
}

// Every field is read and checked before anything is written: one that is not what its kind says gives up.
function callText(entry: Built): string | undefined {
  const agent = part(entry.agent);
  const approvals = part(entry.approvals);
  const argsHash = optional("argsHash", entry.argsHash, digest);
  const args = optional("arguments", entry.arguments, part);
  const beginSeq = optional("beginSeq", entry.beginSeq, count);
  const callId = callIds.of(entry.callId);
  const clientRequestId = optional("clientRequestId", entry.clientRequestId, string);
  const code = optional("code", entry.code, string);
  const conversationId = optional("conversationId", entry.conversationId, string);
  const decision = part(entry.decision);
  const kind = kinds.of(entry.kind);
  const prevHash = prevHashes.of(entry.prevHash);
  const seq = count(entry.seq);
  const time = times.of(entry.time);
  const tool = part(entry.tool);
  const v = count(entry.v);
  const writer = writers.of(entry.writer);
  if (agent === undefined || approvals === undefined || argsHash === undefined || args === undefined) return undefined;
  if (beginSeq === undefined) return undefined;
  if (callId === undefined || code === undefined || conversationId === undefined || decision === undefined) {
    return undefined;
  }
  if (clientRequestId === undefined) return undefined;
  if (kind === undefined || prevHash === undefined || seq === undefined || time === undefined) return undefined;
  if (tool === undefined || v === undefined || writer === undefined) return undefined;
  return `{"agent":${agent},"approvals":${approvals}${argsHash}${args}${beginSeq},"callId":${callId}${clientRequestId}${code}${conversationId},"decision":${decision},"kind":${kind},"prevHash":${prevHash},"seq":${seq},"time":${time},"tool":${tool},"v":${v},"writer":${writer}}`;
}

function endText(entry: Built): string | undefined {
  const beginSeq = count(entry.beginSeq);
  const callId = callIds.of(entry.callId);
  const error = optional("error", entry.error, part);
  const kind = kinds.of(entry.kind);
  const outcome = outcomes.of(entry.outcome);
  const prevHash = prevHashes.of(entry.prevHash);
  const result = optional("result", entry.result, part);
  const resultHash = optional("resultHash", entry.resultHash, digest);
  const seq = count(entry.seq);
  const time = times.of(entry.time);
  const v = count(entry.v);
  const writer = writers.of(entry.writer);
  if (beginSeq === undefined || callId === undefined || error === undefined || kind === undefined) return undefined;
  if (outcome === undefined || prevHash === undefined || result === undefined || resultHash === undefined) {
    return undefined;
  }
  if (seq === undefined || time === undefined || v === undefined || writer === undefined) return undefined;
  return `{"beginSeq":${beginSeq},"callId":${callId}${error},"kind":${kind},"outcome":${outcome},"prevHash":${prevHash}${result}${resultHash},"seq":${seq},"time":${time},"v":${v},"writer":${writer}}`;
}

/**
 * @internal The RFC 8785 canonical JSON of a call's entry (`begin`, `refusal`, `end`) as `buildEntry` made it: its
 * known fields read in canonical order, the repeating parts (agent, tool, decision) from their pieces, the
 * repeating strings (writer, kind, time, call id, outcome) escaped once and the hashes this process computed
 * (the previous entry's, the input's and result's) not escaped at all, no walk over its keys.
 * Undefined for any other entry, or when a field is not what its kind says: the generic writer then writes it,
 * or refuses it.
 */
export function builtEntryText(entry: Built): string | undefined {
  switch (entry.kind) {
    case "begin":
    case "refusal":
      return callText(entry);
    case "end":
      return endText(entry);
    default:
      return undefined;
  }
}
