// Attacks on the lean traced call (issue 13, item 3): what the fast paths cache and skip must never change what is
// decided, hashed, recorded or aborted.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isoTimeCache } from "../../src/internal/clock.js";
import { systemClock as ledgerClock } from "../../src/ledger/clock.js";

const RUNS = process.env.CI ? 10_000 : 1_000;

// Any wall time a clock may give, including steps back, repeats and the ends of the Date range.
const wallMs = fc.oneof(
  fc.integer({ min: -8.64e15, max: 8.64e15 }),
  fc.integer({ min: 1_767_225_600_000, max: 1_767_225_600_010 }),
  fc.double({ min: 1_767_225_600_000, max: 1_767_225_600_003, noNaN: true }),
);

describe("ISO time cached per millisecond", () => {
  afterEach(() => vi.useRealTimers());

  it("is the text of the time given, whatever the order: never a stale or later millisecond", () => {
    fc.assert(
      fc.property(fc.array(wallMs, { minLength: 1, maxLength: 40 }), (times) => {
        const cached = isoTimeCache();
        for (const ms of times) expect(cached(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: RUNS },
    );
  });

  it("refuses an invalid time as toISOString does, and the next valid one is still right", () => {
    const cached = isoTimeCache();
    expect(cached(1_000)).toBe("1970-01-01T00:00:01.000Z");
    expect(() => cached(Number.NaN)).toThrow(RangeError);
    expect(() => cached(8.64e15 + 1)).toThrow(RangeError);
    expect(cached(1_000)).toBe("1970-01-01T00:00:01.000Z");
    expect(cached(999)).toBe("1970-01-01T00:00:00.999Z");
  });

  // Attack: the process clock is stepped back (NTP, a VM restore) or crawls within one ms: each entry still
  // says the time the clock said when it was written.
  it("the ledger's own clock follows the process clock across ms, forwards and back", () => {
    vi.useFakeTimers();
    const start = Date.UTC(2026, 0, 1);
    for (const step of [0, 0, 1, 1, 2, -86_400_000, -86_400_000, 3, 86_400_000, 5]) {
      vi.setSystemTime(start + step);
      expect(ledgerClock.wallTime()).toBe(new Date(start + step).toISOString());
    }
  });
});
