import { type Batch, DURABLE, type Durability, newBatch } from "./batch.js";
import type { LedgerClock } from "./clock.js";
import type { LedgerEntry } from "./kinds.js";
import type { LedgerProblem } from "./problem.js";
import type { LedgerSink } from "./sink.js";
import { within } from "./within.js";

// With no retry schedule at all, a failing sink is still retried, once a second.
const KEEP_RETRYING_MS = 1_000;

/** @internal How the queue writes: the sink, the retry schedule, a timeout per attempt and where problems go. */
export interface QueueOptions {
  readonly sink: LedgerSink;
  readonly clock: LedgerClock;
  readonly retryDelays: readonly number[];
  readonly writeTimeoutMs: number;
  readonly report: (problem: LedgerProblem) => void;
}

const span = (entries: readonly LedgerEntry[]) => ({
  from: entries[0]?.seq ?? 0,
  to: entries[entries.length - 1]?.seq ?? 0,
});
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * @internal Group commit in order: entries added while a write is in flight go in the next batch, written as one
 * as soon as the previous one lands. A failing write is retried for as long as the ledger lives (the entries stay
 * in order, so nothing is lost while the process runs); past the retry schedule every waiting `durable` settles
 * `ok: false` at once, so callers that need a record before acting stop waiting.
 */
export class WriteQueue {
  readonly #options: QueueOptions;
  #open: Batch | undefined;
  #inFlight: Batch | undefined;
  #draining: Promise<void> | undefined;
  #failing: LedgerProblem | undefined;
  #closing = false;
  #waiting = 0;

  constructor(options: QueueOptions) {
    this.#options = options;
  }

  /** Entries added and not yet written. */
  get waiting(): number {
    return this.#waiting;
  }

  add(entry: LedgerEntry, line: string): Promise<Durability> {
    this.#open ??= newBatch();
    const batch = this.#open;
    batch.entries.push(entry);
    batch.text += `${line}\n`;
    this.#waiting++;
    if (this.#failing) batch.settle({ ok: false, problem: this.#failing });
    this.#draining ??= Promise.resolve()
      .then(() => this.#drain())
      .catch((error: unknown) =>
        this.#options.report({
          kind: "write-failed",
          message: `the audit write loop failed: ${messageOf(error)}`,
          error,
        }),
      );
    return batch.durable;
  }

  /** Settles when everything added so far was written, or its `durable` settled `ok: false`. */
  async settled(): Promise<void> {
    const last = this.#open ?? this.#inFlight;
    if (last) await last.durable;
  }

  /** Stops retrying: what the sink has not taken after its next failure is abandoned and reported. */
  async close(): Promise<void> {
    this.#closing = true;
    await this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#open) {
        const batch = this.#open;
        this.#open = undefined;
        this.#inFlight = batch;
        await this.#write(batch);
        this.#inFlight = undefined;
        this.#waiting -= batch.entries.length;
      }
    } finally {
      this.#draining = undefined;
    }
  }

  async #write(batch: Batch): Promise<void> {
    const { retryDelays, report } = this.#options;
    const seqs = span(batch.entries);
    for (let attempt = 1; ; attempt++) {
      try {
        const { sink, clock, writeTimeoutMs } = this.#options;
        await within(clock, writeTimeoutMs, "a write", () => sink.write({ entries: batch.entries, text: batch.text }));
        this.#failing = undefined;
        batch.settle(DURABLE);
        return;
      } catch (error) {
        const schedule = retryDelays.length + 1;
        report({
          kind: "write-failed",
          message: `writing audit entries ${seqs.from}–${seqs.to} failed (attempt ${attempt}): ${messageOf(error)}`,
          seqs,
          attempt,
          error,
        });
        if (this.#closing) return this.#abandon(batch, seqs, error);
        if (attempt >= schedule) this.#fail(batch, seqs, attempt, error);
        await this.#sleep(retryDelays[attempt - 1] ?? retryDelays.at(-1) ?? KEEP_RETRYING_MS);
      }
    }
  }

  #fail(batch: Batch, seqs: { from: number; to: number }, attempt: number, error: unknown): void {
    if (this.#failing) return;
    this.#failing = {
      kind: "write-failed",
      message: `the audit sink failed ${attempt} times in a row (last: ${messageOf(error)}); entries from seq ${seqs.from} wait in memory and are written in order when it recovers`,
      seqs,
      attempt,
      error,
    };
    batch.settle({ ok: false, problem: this.#failing });
    this.#open?.settle({ ok: false, problem: this.#failing });
  }

  #abandon(batch: Batch, seqs: { from: number; to: number }, error: unknown): void {
    const problem: LedgerProblem = {
      kind: "write-abandoned",
      message: `the ledger closed while its sink was failing: audit entries ${seqs.from}–${seqs.to} were never written (${messageOf(error)})`,
      seqs,
      error,
    };
    this.#options.report(problem);
    batch.settle({ ok: false, problem });
    const rest = this.#open;
    this.#open = undefined;
    if (rest) {
      this.#waiting -= rest.entries.length;
      this.#abandon(rest, span(rest.entries), error);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#options.clock.setTimeout(resolve, ms));
  }
}
