import { MAX_KNOWN_PER_MONITOR } from "../monitors.js";

/** The newest `max + 1` times of a sliding window, oldest first: enough to tell `max` from more. */
export class TimeWindow {
  #times: number[] = [];
  #head = 0;

  /** How many times are inside the window ending now, after dropping older ones. */
  live(now: number, windowMs: number): number {
    const times = this.#times;
    while (this.#head < times.length && (times[this.#head] as number) <= now - windowMs) this.#head++;
    return times.length - this.#head;
  }

  add(now: number, max: number): void {
    this.#times.push(now);
    if (this.#times.length - this.#head > max + 1) this.#head++;
    // Compact once the dropped prefix is most of the array, so it never holds more than twice the live times.
    if (this.#head > 32 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }
}

/** Distinct values with the time each was last seen, least recent first; the newest `max + 1` are kept. */
export class DistinctWindow {
  readonly #seen = new Map<string, number>();

  /** Distinct values inside the window ending now, with `values` added (and written unless `dryRun`). */
  observe(values: readonly string[], now: number, windowMs: number, max: number, dryRun: boolean): number {
    const seen = this.#seen;
    for (const [value, at] of seen) {
      if (at > now - windowMs) break;
      seen.delete(value);
    }
    if (dryRun) return Math.min(max + 1, seen.size + values.filter((value) => !seen.has(value)).length);
    for (const value of values) {
      seen.delete(value);
      seen.set(value, now);
    }
    for (const value of seen.keys()) {
      if (seen.size <= max + 1) break;
      seen.delete(value);
    }
    return seen.size;
  }
}

/** Items a root ran (tools, tags or sequences), and when its learning period started. */
export class KnownItems {
  readonly #items = new Set<string>();
  #since: number | undefined;

  /** Whether the learning period runs; the first observation (not a dry run) starts it. */
  learning(now: number, learnMs: number, dryRun: boolean): boolean {
    if (this.#since === undefined && !dryRun) this.#since = now;
    return now - (this.#since ?? now) < learnMs;
  }

  has(item: string): boolean {
    return this.#items.has(item);
  }

  /** Past the cap new items are not learned: they stay new, and keep firing (forgetting would be a way around). */
  learn(item: string): void {
    if (this.#items.size < MAX_KNOWN_PER_MONITOR) this.#items.add(item);
  }
}

/** A sequence monitor's state: the root's last tools run (oldest first), and the sequences known. */
export class SequenceState extends KnownItems {
  history: readonly string[] = [];

  push(tool: string, length: number): void {
    this.history = [...this.history, tool].slice(-(length - 1));
  }
}
