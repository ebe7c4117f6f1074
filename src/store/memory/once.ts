import type { Clock } from "../../internal/clock.js";
import type { OnceStore, OnceTaken } from "../once.js";

// Attestations live at most an hour; this bounds how many one process holds used at once.
const MAX_HELD = 100_000;

/**
 * One-use keys in this process, until each expires. Bounded: expired keys are dropped first, and when it is still
 * full a new key is refused (only holders of valid tokens can fill it) rather than an old one forgotten.
 */
export class MemoryOnce implements OnceStore {
  readonly #held = new Map<string, number>(); // key → expiry (wall ms)
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  take(key: string, expiresAtMs: number): OnceTaken {
    if (this.#held.has(key)) return "used";
    if (this.#held.size >= MAX_HELD) this.#dropExpired();
    if (this.#held.size >= MAX_HELD) return "full";
    this.#held.set(key, expiresAtMs);
    return "fresh";
  }

  #dropExpired(): void {
    const at = this.#clock.wall();
    for (const [key, expiresAt] of this.#held) if (expiresAt <= at) this.#held.delete(key);
  }
}
