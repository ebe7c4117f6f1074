import type { CallFacts, EntryLink } from "./entry.js";

/** Written before a tool starts. @example `ledger.append({ kind: "begin", ...facts, argsHash });` */
export interface BeginInput extends CallFacts {
  readonly kind: "begin";
  readonly argsHash: string;
}

/** Written when the tool ended; `beginSeq` is the seq of its `begin`. @example `ledger.append({ kind: "end", callId: "c1", beginSeq: 7, outcome: "allowed" });` */
export interface EndInput {
  readonly kind: "end";
  readonly callId: string;
  readonly beginSeq: number;
  readonly outcome: "allowed" | "failed";
  readonly resultHash?: string;
  /** The tool's error, its message already redacted. */
  readonly error?: { readonly type: string; readonly message: string };
  /** The redacted result, present only when capture is on. */
  readonly result?: unknown;
}

/**
 * A call that never reached its tool; `code` is the ToolgateError code; `argsHash` is absent when no value was
 * decided. `beginSeq` is the seq of the call's own `begin` when it was refused after it (the begin never became
 * durable, or the call was aborted before its tool ran): the refusal closes that begin, and only that one. A refusal
 * without it closes none (it came before any begin).
 *
 * @example
 * ```ts
 * ledger.append({ kind: "refusal", ...facts, code: "TOOL_DENIED" });
 * ```
 */
export interface RefusalInput extends CallFacts {
  readonly kind: "refusal";
  readonly code: string;
  readonly beginSeq?: number;
}

/** Another fact to record: `anomaly`, `suspension`, `reveal`… @example `ledger.append({ kind: "event", name: "suspension", data: { agentId: "agt_1", reason: "anomaly" } });` */
export interface EventInput {
  readonly kind: "event";
  readonly name: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** What `append` takes: an entry without its link fields, which the ledger assigns. @example `const input: EntryInput = { kind: "event", name: "reveal", data: {} };` */
export type EntryInput = BeginInput | EndInput | RefusalInput | EventInput;

/**
 * Written by the ledger itself once it can write again: how many appends it refused since its previous entry
 * (its buffer was full, or its head was still loading) and the call ids of the first hundred, so what was not
 * recorded is on record. Failed writes need no gap: they are retried, in order, until the sink takes them.
 *
 * @example
 * ```ts
 * if (entry.kind === "gap") console.log(`${entry.refused} appends refused, calls ${entry.callIds.join(", ")}`);
 * ```
 */
export interface GapInput {
  readonly kind: "gap";
  readonly refused: number;
  readonly callIds: readonly string[];
}

/**
 * A signed statement that the chain up to `prevHash` is authentic: Ed25519 over the canonical JSON of the entry
 * without `hash` and `signature`. `closing` marks the one `close()` writes; `resumed` one a restarted writer
 * wrote over a tail a previous process left unsigned (it crashed, or the tail was cut while no writer ran).
 *
 * @example
 * ```ts
 * if (entry.kind === "checkpoint" && entry.closing) console.log("closed cleanly at", entry.seq);
 * ```
 */
export interface CheckpointInput {
  readonly kind: "checkpoint";
  readonly keyId: string;
  readonly signature: string;
  /** The cadence the writer used: at most this many entries between two checkpoints. */
  readonly every?: number;
  readonly closing?: true;
  readonly resumed?: true;
}

type Chained<I> = EntryLink & I;

/** A `begin` entry. @example `const e: BeginEntry = ledgerEntry as BeginEntry;` */
export type BeginEntry = Chained<BeginInput>;
/** An `end` entry. @example `const e: EndEntry = ledgerEntry as EndEntry;` */
export type EndEntry = Chained<EndInput>;
/** A `refusal` entry. @example `const e: RefusalEntry = ledgerEntry as RefusalEntry;` */
export type RefusalEntry = Chained<RefusalInput>;
/** An `event` entry. @example `const e: EventEntry = ledgerEntry as EventEntry;` */
export type EventEntry = Chained<EventInput>;
/** A `gap` entry. @example `const e: GapEntry = ledgerEntry as GapEntry;` */
export type GapEntry = Chained<GapInput>;
/** A `checkpoint` entry. @example `const e: CheckpointEntry = ledgerEntry as CheckpointEntry;` */
export type CheckpointEntry = Chained<CheckpointInput>;

/** One line of the ledger. @example `if (ledgerEntry.kind === "begin") console.log(ledgerEntry.callId, ledgerEntry.tool.name);` */
export type LedgerEntry = BeginEntry | EndEntry | RefusalEntry | EventEntry | GapEntry | CheckpointEntry;
