import type { LinkFields } from "./build.js";
import type { EntryInput } from "./kinds.js";
import { pieceText } from "./pieces.js";

type Plain = Record<string, unknown>;

// A string JSON writes as it is, in quotes: no quote, backslash, control character or surrogate (a lone one must
// be made well-formed, a pair is left to the general writer too). Ids, hashes, times and codes always are.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;
const bare = (value: unknown): value is string => typeof value === "string" && !ESCAPED.test(value);
const bareOrAbsent = (value: unknown): boolean => value === undefined || bare(value);
const count = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

const linkWritable = (link: LinkFields) =>
  bare(link.writer) && count(link.seq) && bare(link.prevHash) && bare(link.time);

/** `,"key":"value"` for an optional bare string. */
const field = (key: string, value: string | undefined) => (value === undefined ? "" : `,"${key}":"${value}"`);

/**
 * @internal A call's `begin` or `refusal` entry and its canonical JSON in one pass, for the entries a gate makes:
 * agent, tool and decision are pieces, no approvals, no captured arguments, every string bare. Undefined otherwise
 * (the general writer then builds and writes it): the object and the text are exactly what `buildEntry` and
 * `builtEntryText` make of the same input (a property test holds them to it).
 */
function factsEntry(input: Extract<EntryInput, { kind: "begin" | "refusal" }>, link: LinkFields) {
  const { agent, tool, decision, approvals, callId, conversationId, argsHash } = input;
  const agentText = pieceText(agent);
  const toolText = pieceText(tool);
  const decisionText = pieceText(decision);
  if (agentText === undefined || toolText === undefined || decisionText === undefined) return undefined;
  if (!Array.isArray(approvals) || approvals.length !== 0 || input.arguments !== undefined) return undefined;
  const code = input.kind === "refusal" ? input.code : undefined;
  if (!bare(callId) || !bareOrAbsent(conversationId) || !bareOrAbsent(argsHash)) return undefined;
  if (input.kind === "refusal" && !bare(code)) return undefined;
  const { writer, seq, prevHash, time } = link;
  const entry: Plain = {
    v: 1,
    kind: input.kind,
    writer,
    seq,
    prevHash,
    time,
    callId,
    agent,
    tool,
    decision,
    approvals: [],
  };
  if (conversationId !== undefined) entry.conversationId = conversationId;
  if (argsHash !== undefined) entry.argsHash = argsHash;
  if (code !== undefined) entry.code = code;
  const canonical = `{"agent":${agentText},"approvals":[]${field("argsHash", argsHash)},"callId":"${callId}"${field("code", code)}${field("conversationId", conversationId)},"decision":${decisionText},"kind":"${input.kind}","prevHash":"${prevHash}","seq":${String(seq)},"time":"${time}","tool":${toolText},"v":1,"writer":"${writer}"}`;
  return { entry, canonical };
}

/** @internal As {@link factsEntry}, for an `end` that carries no error and no captured result. */
function endEntry(input: Extract<EntryInput, { kind: "end" }>, link: LinkFields) {
  const { callId, beginSeq, outcome, resultHash } = input;
  if (!bare(callId) || !count(beginSeq) || !bare(outcome) || !bareOrAbsent(resultHash)) return undefined;
  if (input.error !== undefined || input.result !== undefined) return undefined;
  const { writer, seq, prevHash, time } = link;
  const entry: Plain = { v: 1, kind: "end", writer, seq, prevHash, time, callId, beginSeq, outcome };
  if (resultHash !== undefined) entry.resultHash = resultHash;
  const canonical = `{"beginSeq":${String(beginSeq)},"callId":"${callId}","kind":"end","outcome":"${outcome}","prevHash":"${prevHash}"${field("resultHash", resultHash)},"seq":${String(seq)},"time":"${time}","v":1,"writer":"${writer}"}`;
  return { entry, canonical };
}

/**
 * @internal The entry (without `hash`) and its RFC 8785 canonical JSON for the common call entries, built
 * together with no intermediate copy; undefined for anything else, which `buildEntry` and the writers handle.
 */
export function callEntry(input: EntryInput, link: LinkFields): { entry: Plain; canonical: string } | undefined {
  if (typeof input !== "object" || input === null || !linkWritable(link)) return undefined;
  switch (input.kind) {
    case "begin":
    case "refusal":
      return factsEntry(input, link);
    case "end":
      return endEntry(input, link);
    default:
      return undefined;
  }
}
