import { isoTimeCache } from "../internal/clock.js";

/**
 * The ledger's sense of time: wall time for the entries' `time` (display only, never compared) and timers for
 * retries, write timeouts and interval checkpoints. Inject one in tests instead of sleeping.
 *
 * @example
 * ```ts
 * const clock: LedgerClock = { wallTime: () => "2025-01-01T00:00:00.000Z", setTimeout: (run, ms) => fake.at(ms, run), clearTimeout: (id) => fake.cancel(id) };
 * ```
 */
export interface LedgerClock {
  wallTime(): string;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const wallText = isoTimeCache();

/** @internal Real time (its text made once per millisecond); its timers never keep the process alive. */
export const systemClock: LedgerClock = {
  wallTime: () => wallText(Date.now()),
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
