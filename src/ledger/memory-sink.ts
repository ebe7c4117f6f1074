import type { LedgerEntry } from "./kinds.js";
import type { LedgerSink } from "./sink.js";

/**
 * A sink that keeps the ledger in memory, as JSONL text: for tests, and for hosts that ship the text themselves.
 * Giving the same sink to a new ledger continues its chain, as a restart over a file would.
 *
 * @example
 * ```ts
 * const sink = memorySink();
 * const ledger = createLedger({ sink });
 * await ledger.close();
 * verifyAudit(sink.text()).ok; // true
 * ```
 */
export interface MemorySink extends LedgerSink {
  /** Every line written so far, one JSONL line each. */
  readonly lines: readonly string[];
  /** The lines as JSONL text. */
  text(): string;
}

/**
 * A new {@link MemorySink}.
 *
 * @example
 * ```ts
 * const ledger = createLedger({ sink: memorySink() });
 * ```
 */
export function memorySink(): MemorySink {
  const lines: string[] = [];
  return {
    lines,
    text: () => lines.map((line) => `${line}\n`).join(""),
    head: () => {
      const last = lines.at(-1);
      return last === undefined ? undefined : (JSON.parse(last) as LedgerEntry);
    },
    write: ({ text }) => {
      for (const line of text.split("\n")) if (line !== "") lines.push(line);
    },
  };
}
