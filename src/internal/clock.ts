/**
 * Where toolgate reads time. `now` is monotonic milliseconds and measures every duration (windows, TTLs,
 * deadlines), so a wall-clock step never resets a limit or stretches a grant; `wall` is epoch milliseconds
 * and is only displayed and recorded.
 *
 * @example
 * ```ts
 * let t = 0;
 * const clock: Clock = { now: () => t, wall: () => 1_767_225_600_000 + t };
 * t += 60_000; // a minute passes, for every window at once
 * ```
 */
export interface Clock {
  now(): number;
  wall(): number;
}

/**
 * The process clock: `performance.now()` for durations, `Date.now()` for display.
 *
 * @example
 * ```ts
 * const started = systemClock.now();
 * ```
 */
export const systemClock: Clock = Object.freeze({ now: () => performance.now(), wall: () => Date.now() });

/**
 * Epoch milliseconds as ISO text, remembering the last: calls come in bursts within one millisecond, so
 * `toISOString` runs once per distinct millisecond, not per call. Keyed on the value itself, whatever clock gave it:
 * a clock that steps back gets the text of the earlier time, never the cached later one.
 */
export function isoTimeCache(): (wallMs: number) => string {
  let lastMs = Number.NaN;
  let lastText = "";
  return (wallMs) => {
    if (wallMs !== lastMs) {
      lastText = new Date(wallMs).toISOString();
      lastMs = wallMs;
    }
    return lastText;
  };
}

/** Epoch milliseconds as ISO text (display and record only). */
export const isoTime: (wallMs: number) => string = isoTimeCache();
