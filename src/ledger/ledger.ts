import type { Duration } from "../policy/types.js";
import type { Durability } from "./batch.js";
import type { LedgerClock } from "./clock.js";
import type { LedgerHead } from "./head.js";
import type { AuditKeyInput } from "./keys.js";
import type { EntryInput, LedgerEntry } from "./kinds.js";
import { LedgerCore } from "./ledger-core.js";
import { ledgerSettings } from "./options.js";
import type { LedgerProblem, LedgerRefusal } from "./problem.js";
import type { LedgerSink } from "./sink.js";

/**
 * Options of {@link createLedger}. Without `signingKey` the chain is tamper-evident only against someone who does
 * not rewrite it from the start: anyone who can write the sink can recompute every hash after an edit. With a
 * key, signed checkpoints make an edit, a deletion or a recomputed chain detectable by whoever holds the public key.
 *
 * @example
 * ```ts
 * const options: LedgerOptions = { sink: auditFile({ path: "audit.jsonl" }), signingKey, checkpoint: { every: 500, interval: "30s" } };
 * ```
 */
export interface LedgerOptions {
  sink?: LedgerSink;
  /** The chain's name, in every entry. Default: the sink's last entry's writer, else a new random id. */
  writer?: string;
  /** Ed25519 private key (PEM or KeyObject) that signs checkpoints. */
  signingKey?: AuditKeyInput;
  /** A checkpoint after `every` entries (default 1,000) and `interval` after the first uncovered entry (default 1m), and at `close()`. */
  checkpoint?: { every?: number; interval?: Duration };
  clock?: LedgerClock;
  /** Where contained failures go (default: a process warning). It may throw; that is ignored. */
  onProblem?: (problem: LedgerProblem) => void;
  /** How many entries may wait for the sink before `append` refuses with `full` (default 10,000). */
  maxPending?: number;
  /** Milliseconds between write attempts (default [10, 50, 250, 1000]); past the last, retries keep its delay. */
  retryDelays?: readonly number[];
  /** How long one write may take before it counts as failed (default 2s). */
  writeTimeout?: Duration;
}

/** An entry as chained, and its JSONL line (the canonical JSON with `hash` last). @example `span.setAttribute("toolgate.audit.entry", chained.line);` */
export interface ChainedEntry {
  readonly entry: LedgerEntry;
  readonly line: string;
}

/**
 * What a successful `append` returns: the chained entry, `durable` when there is a sink (it never rejects), and
 * the entries the ledger appended by itself since the previous append — checkpoints, gaps — which a span
 * should also carry so an OTLP trail holds them.
 *
 * @example
 * ```ts
 * const appended = ledger.append(input);
 * if (appended.ok) for (const other of appended.alsoAppended) span.addEvent(...auditSpanEvent(other));
 * ```
 */
export interface Appended extends ChainedEntry {
  readonly ok: true;
  readonly durable: Promise<Durability> | undefined;
  readonly alsoAppended: readonly ChainedEntry[];
}

/**
 * A hash chain of audit entries for one writer. `append` is synchronous: it assigns seq, prevHash and hash, and
 * queues the entry for the sink (group commit). It never throws and never rejects; failures are `append`'s
 * refusal, `durable`'s `ok: false`, and `onProblem`.
 *
 * @example
 * ```ts
 * const ledger = createLedger({ sink: auditFile({ path: "audit.jsonl" }) });
 * await ledger.ready;
 * const begun = ledger.append({ kind: "begin", ...facts, argsHash });
 * ```
 */
export interface Ledger {
  /** Settles once the head was loaded from the sink (or could not be: appends then refuse as `unavailable`). */
  readonly ready: Promise<void>;
  readonly head: LedgerHead;
  readonly state: "loading" | "ready" | "unavailable" | "closing" | "closed";
  append(input: EntryInput): Appended | LedgerRefusal;
  /** Settles when every entry appended so far is written, or its `durable` settled `ok: false`. */
  flush(): Promise<void>;
  /**
   * Writes a closing checkpoint (with a key), writes what waits, closes the sink. Never rejects. Resolves with
   * the entries no append result carried yet (the closing checkpoint among them), for a last span to carry.
   */
  close(): Promise<readonly ChainedEntry[]>;
}

/**
 * A new ledger. With a sink that has `head`, the chain continues from the sink's last entry (await `ready`).
 * Throws a `ToolgateError` (`INVALID_ARGUMENT`) for an invalid option or key.
 *
 * @example
 * ```ts
 * const ledger = createLedger({ sink: auditFile({ path: "audit.jsonl" }), signingKey: key.privateKey });
 * await ledger.ready;
 * ```
 */
export function createLedger(options: LedgerOptions = {}): Ledger {
  return new LedgerCore(ledgerSettings(options));
}
