import { getOrCreate } from "../../internal/get-or-create.js";
import type { LimitDraw } from "../types.js";

/** The admitted calls of one budget inside its window, oldest first; never more than the limit's `max`. */
interface Window {
  hits: number[];
  head: number;
  windowMs: number;
}

const SWEEP_PER_ADMISSION = 2;

/**
 * Sliding-window budgets, exact: a budget keeps at most `max` timestamps (an admitted call is one), and a
 * budget idle for its whole window is dropped, a few per admission, so memory follows live budgets only.
 */
export class MemoryLimits {
  readonly #windows = new Map<string, Window>();
  #sweep: Iterator<[string, Window]> | undefined;

  /** The first draw one more call would exceed, with how long until it has room; undefined when all have room. */
  exceeded(
    root: string,
    draws: readonly LimitDraw[],
    now: number,
  ): { limit: string; retryAfterMs: number } | undefined {
    this.#sweepSome(now);
    for (const draw of draws) {
      const window = this.#windows.get(keyOf(root, draw));
      if (!window) continue;
      expire(window, now);
      if (window.hits.length - window.head >= draw.max) {
        return {
          limit: draw.id,
          retryAfterMs: Math.max(0, (window.hits[window.head] as number) + draw.windowMs - now),
        };
      }
    }
    return undefined;
  }

  take(root: string, draws: readonly LimitDraw[], now: number): void {
    for (const draw of draws) {
      const key = keyOf(root, draw);
      const window = getOrCreate(this.#windows, key, (): Window => ({ hits: [], head: 0, windowMs: draw.windowMs }));
      window.windowMs = draw.windowMs;
      window.hits.push(now);
    }
  }

  get size(): number {
    return this.#windows.size;
  }

  #sweepSome(now: number): void {
    if (this.#windows.size === 0) return;
    for (let i = 0; i < SWEEP_PER_ADMISSION; i++) {
      this.#sweep ??= this.#windows.entries();
      const next = this.#sweep.next();
      if (next.done) {
        this.#sweep = undefined;
        return;
      }
      const [key, window] = next.value;
      expire(window, now);
      if (window.head === window.hits.length) this.#windows.delete(key);
    }
  }
}

const keyOf = (root: string, draw: LimitDraw) => `${root}\u0000${draw.id}\u0000${draw.key}`;

function expire(window: Window, now: number): void {
  const { hits } = window;
  while (window.head < hits.length && (hits[window.head] as number) <= now - window.windowMs) window.head++;
  // Compact once the expired prefix is most of the array, so it never holds more than twice the live hits.
  if (window.head > 32 && window.head * 2 > hits.length) {
    window.hits = hits.slice(window.head);
    window.head = 0;
  }
}
