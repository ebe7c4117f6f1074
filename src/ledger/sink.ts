import type { LedgerEntry } from "./kinds.js";
import type { LedgerProblem } from "./problem.js";

/**
 * One group commit: the entries appended while the previous write was in flight, and the same entries as JSONL
 * text (one line per entry, each ending in `\n`; the line is the entry's canonical JSON with `hash` last).
 *
 * @example
 * ```ts
 * const sink: LedgerSink = { write: (batch) => appendFile("audit.jsonl", batch.text) };
 * ```
 */
export interface LedgerBatch {
  readonly entries: readonly LedgerEntry[];
  readonly text: string;
}

/** What a sink may use while it loads its head. @example `const context: SinkContext = { report: (problem) => console.warn(problem.message) };` */
export interface SinkContext {
  /** Reports something the sink found and recovered from (a torn last line, say). */
  report(problem: LedgerProblem): void;
}

/**
 * Where the ledger writes. `write` resolves once the batch is durable (on disk, acknowledged by a store); it may
 * throw or reject, and the ledger retries it. `head` returns the last entry the sink holds, so a new ledger
 * continues that chain (a sink without `head` starts a new chain at every start). One sink holds one chain.
 *
 * @example
 * ```ts
 * const sink: LedgerSink = {
 *   head: async () => lastRow(),
 *   write: async ({ entries }) => insertRows(entries),
 * };
 * ```
 */
export interface LedgerSink {
  head?(context: SinkContext): LedgerEntry | undefined | Promise<LedgerEntry | undefined>;
  write(batch: LedgerBatch): void | Promise<void>;
  close?(): void | Promise<void>;
}
