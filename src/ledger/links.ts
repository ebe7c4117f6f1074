import type { LinkFields } from "./build.js";
import { builtEntryText, knownHash } from "./built-text.js";
import { entryLine, hashCanonical, LEDGER_GENESIS_HASH } from "./hash.js";
import type { LedgerHead } from "./head.js";
import type { LedgerEntry } from "./kinds.js";
import type { ChainedEntry } from "./ledger.js";
import { canonicalOrPlaceholder } from "./placeholder.js";
import type { LedgerProblem } from "./problem.js";

/** @internal The end of one writer's chain: where the next entry links, and the linking itself. */
export class ChainEnd {
  #seq = 0;
  #hash = LEDGER_GENESIS_HASH;
  #last: LedgerEntry | undefined;

  constructor(
    public writer: string,
    readonly report: (problem: LedgerProblem) => void,
  ) {}

  get head(): LedgerHead {
    return { writer: this.writer, seq: this.#seq, hash: this.#hash };
  }

  get last(): LedgerEntry | undefined {
    return this.#last;
  }

  /** Continues the chain a sink holds, from its last entry. */
  resume(last: LedgerEntry): void {
    this.writer = last.writer;
    this.#seq = last.seq;
    this.#hash = last.hash;
    this.#last = last;
  }

  next(time: string): LinkFields {
    return { writer: this.writer, seq: this.#seq + 1, prevHash: this.#hash, time };
  }

  /**
   * Hashes an entry built on `next()` (by `buildEntry`, or a checkpoint) and makes it the end of the chain;
   * undefined when it has no canonical JSON.
   */
  link(built: Record<string, unknown>): ChainedEntry | undefined {
    const canonical = builtEntryText(built) ?? canonicalOrPlaceholder(built, this.report);
    if (canonical === undefined) return undefined;
    const line = this.linkWritten(built, canonical);
    return { entry: this.#last as LedgerEntry, line };
  }

  /**
   * As {@link link}, for an entry whose canonical JSON was written with it (see `callEntry`): returns its JSONL
   * line, the entry (hashed and frozen) being {@link last} — an append's result is made once, not wrapped twice.
   */
  linkWritten(built: Record<string, unknown>, canonical: string): string {
    const hash = hashCanonical(canonical);
    knownHash(hash);
    built.hash = hash;
    const entry = Object.freeze(built) as unknown as LedgerEntry;
    this.#seq = entry.seq;
    this.#hash = hash;
    this.#last = entry;
    return entryLine(canonical, hash);
  }
}
