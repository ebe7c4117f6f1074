import type { KeyObject } from "node:crypto";
import { type AnyInput, buildEntry, type LinkFields } from "./build.js";
import { signCheckpoint } from "./checkpoint.js";
import type { LedgerClock } from "./clock.js";

/** @internal When checkpoints are due, and how one is signed. */
export interface CadenceOptions {
  readonly key: KeyObject;
  readonly keyId: string;
  readonly every: number;
  readonly intervalMs: number;
  readonly clock: LedgerClock;
}

/**
 * @internal Counts entries since the last checkpoint: one is due after `every` entries, or `intervalMs` after the
 * first entry it would cover (no timer runs while nothing waits to be covered, so an idle ledger stays idle).
 */
export class Cadence {
  readonly #options: CadenceOptions;
  readonly #onInterval: () => void;
  #since = 0;
  #timer: unknown;

  constructor(options: CadenceOptions, onInterval: () => void) {
    this.#options = options;
    this.#onInterval = onInterval;
  }

  /** Entries appended since the last checkpoint. */
  get pending(): number {
    return this.#since;
  }

  /** Counts one entry; true when a checkpoint is due now. */
  count(): boolean {
    this.#since++;
    if (this.#since >= this.#options.every) return true;
    if (this.#timer === undefined) {
      this.#timer = this.#options.clock.setTimeout(() => {
        this.#timer = undefined;
        if (this.#since > 0) this.#onInterval();
      }, this.#options.intervalMs);
    }
    return false;
  }

  /** The checkpoint entry for this link, signed; the count starts again. */
  checkpoint(link: LinkFields, flags: { closing?: true; resumed?: true }): Record<string, unknown> {
    this.stop();
    this.#since = 0;
    const { key, keyId, every } = this.#options;
    const input: AnyInput = { kind: "checkpoint", keyId, every, ...flags };
    const unsigned = buildEntry(input, link);
    unsigned.signature = signCheckpoint(unsigned, key);
    return unsigned;
  }

  stop(): void {
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
