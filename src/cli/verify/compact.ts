import type { KeyObject } from "node:crypto";
import { checkpointSigned } from "../../ledger/checkpoint.js";
import { entryHash, hashCanonical } from "../../ledger/hash.js";
import type { CheckpointEntry } from "../../ledger/kinds.js";
import { describedCall } from "../../ledger/verify/calls.js";
import type { AuditFinding } from "../../ledger/verify/report.js";
import type { Where } from "../trail/item.js";

/**
 * What the streaming verifier keeps of an entry once it has read it: its links, whether it matches its hash,
 * and the few fields the checks read. The entry itself (its arguments, its result) is dropped at once.
 */
export interface Compact {
  readonly writer: string;
  readonly seq: number;
  readonly hash: string;
  readonly prevHash: string;
  readonly kind: string;
  readonly intact: boolean;
  readonly callId: string | undefined;
  /** An end's or refusal's `beginSeq`; a begin's or refusal's call (see `describedCall`) and format version: how an end or refusal finds its begin. */
  readonly beginSeq?: unknown;
  readonly call?: string | undefined;
  readonly v?: unknown;
  readonly where: Where;
  readonly fromSpan: boolean;
  /** A checkpoint's signature, checked when keys were given. */
  readonly signature?: "verified" | "forged" | "wrong-key";
  readonly keyId?: unknown;
  readonly every?: unknown;
  readonly closing?: boolean;
  readonly resumed?: boolean;
  /** A gap's count and call ids. */
  readonly refused?: unknown;
  readonly gapCallIds?: readonly unknown[];
}

// The ledger writes an entry's canonical JSON with its hash appended as the last member; when the line's own text
// (less that member) hashes to it, the entry is what was hashed: parsing is a function of the text, so binding the
// text binds the entry, without canonicalising it again. Other spellings (re-serialised, pretty-printed) are
// canonicalised and hashed as verifyAudit does.
const HASH_TAIL = /,"hash":"([0-9a-f]{64})"\}$/;

function intactEntry(entry: Record<string, unknown>, text: string | undefined): boolean {
  const tail = text === undefined ? null : HASH_TAIL.exec(text);
  if (tail && tail[1] === entry.hash && hashCanonical(`${(text as string).slice(0, tail.index)}}`) === tail[1])
    return true;
  try {
    return entryHash(entry) === entry.hash;
  } catch {
    return false;
  }
}

function signatureOf(entry: Record<string, unknown>, keys: ReadonlyMap<string, KeyObject>): Compact["signature"] {
  const key = keys.get(entry.keyId as string);
  if (!key) return "wrong-key";
  return checkpointSigned(entry as unknown as CheckpointEntry, key) ? "verified" : "forged";
}

/** The compact record of a well-formed entry (see `malformed`). */
export function compact(
  entry: Record<string, unknown>,
  text: string | undefined,
  where: Where,
  fromSpan: boolean,
  keys: ReadonlyMap<string, KeyObject> | undefined,
): Compact {
  const base = {
    writer: entry.writer as string,
    seq: entry.seq as number,
    hash: entry.hash as string,
    prevHash: entry.prevHash as string,
    kind: entry.kind as string,
    intact: intactEntry(entry, text),
    callId: typeof entry.callId === "string" ? entry.callId : undefined,
    where,
    fromSpan,
  };
  if (entry.kind === "end") return { ...base, beginSeq: entry.beginSeq };
  if (entry.kind === "begin") return { ...base, call: describedCall(entry), v: entry.v };
  if (entry.kind === "refusal") return { ...base, call: describedCall(entry), v: entry.v, beginSeq: entry.beginSeq };
  if (entry.kind === "gap") {
    return { ...base, refused: entry.refused, gapCallIds: Array.isArray(entry.callIds) ? entry.callIds : [] };
  }
  if (entry.kind !== "checkpoint") return base;
  return {
    ...base,
    ...(keys && { signature: signatureOf(entry, keys) }),
    keyId: entry.keyId,
    every: entry.every,
    closing: entry.closing === true,
    resumed: entry.resumed === true,
  };
}

/** The location fields of a finding about an entry, as `verifyAudit` gives them. */
export function located(item: Compact): Pick<AuditFinding, "writer" | "seq" | "callId" | "line" | "file"> {
  return {
    writer: item.writer,
    seq: item.seq,
    ...(item.callId !== undefined && { callId: item.callId }),
    ...(item.where.line !== undefined && { line: item.where.line }),
    ...(item.where.file !== undefined && { file: item.where.file }),
  };
}
