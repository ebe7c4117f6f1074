import type { LedgerEntry } from "./kinds.js";
import type { LedgerProblem } from "./problem.js";

/**
 * Whether an entry reached the sink: `ok: true` once written, or `ok: false` when the sink failed every attempt
 * of the retry schedule (the entry stays queued and is written, in order, when the sink recovers). Never rejects.
 *
 * @example
 * ```ts
 * const appended = ledger.append(begin);
 * if (appended.ok && !(await appended.durable)?.ok) refuseTheCall();
 * ```
 */
export type Durability = { readonly ok: true } | { readonly ok: false; readonly problem: LedgerProblem };

/** @internal The outcome of a batch that was written. */
export const DURABLE: Durability = Object.freeze({ ok: true });

/** @internal One group commit: its entries, their JSONL text, and the `durable` they share (settled once). */
export interface Batch {
  readonly entries: LedgerEntry[];
  text: string;
  readonly durable: Promise<Durability>;
  settle(outcome: Durability): void;
  settled: boolean;
}

/** @internal An empty batch. */
export function newBatch(): Batch {
  let settle!: (outcome: Durability) => void;
  const durable = new Promise<Durability>((resolve) => {
    settle = resolve;
  });
  const batch: Batch = {
    entries: [],
    text: "",
    durable,
    settled: false,
    settle: (outcome) => {
      if (batch.settled) return;
      batch.settled = true;
      settle(outcome);
    },
  };
  return batch;
}
