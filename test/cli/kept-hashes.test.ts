import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeptHashes } from "../../src/cli/verify/kept-hashes.js";
import { REPEAT_WINDOW } from "../../src/ledger/verify/repeats.js";

const hashOf = (seq: number) => (seq * 2654435761).toString(16).padStart(64, "0").slice(-64);

describe("the kept hashes a late copy is compared with", () => {
  it("holds the hash of every kept seq within the window of the newest, and none further back or never kept", () => {
    // Kept seqs rise with gaps (seqs given up on), now and then a jump past the whole window.
    const step = fc.oneof(
      { weight: 20, arbitrary: fc.integer({ min: 1, max: 3 }) },
      { weight: 1, arbitrary: fc.integer({ min: REPEAT_WINDOW - 2, max: REPEAT_WINDOW + 2 }) },
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 300 }), (steps) => {
        const kept = new KeptHashes();
        const seqs: number[] = [];
        let seq = 0;
        for (const by of steps) {
          seq += by;
          kept.add(seq, hashOf(seq));
          seqs.push(seq);
        }
        const newest = seq;
        for (const earlier of seqs) {
          const expected = newest - earlier < REPEAT_WINDOW ? hashOf(earlier) : undefined;
          expect(kept.get(earlier)).toBe(expected);
        }
        const never = new Set(seqs);
        for (let probe = Math.max(1, newest - 40); probe <= newest + 1; probe++) {
          if (!never.has(probe)) expect(kept.get(probe)).toBeUndefined();
        }
      }),
      { numRuns: process.env.CI ? 10_000 : 1_000 },
    );
  });

  it("keeps a full window: every one of 65,536 consecutive seqs, the one before them forgotten", () => {
    const kept = new KeptHashes();
    for (let seq = 1; seq <= REPEAT_WINDOW + 1; seq++) kept.add(seq, hashOf(seq));
    expect(kept.get(1)).toBeUndefined();
    expect(kept.get(2)).toBe(hashOf(2));
    expect(kept.get(REPEAT_WINDOW + 1)).toBe(hashOf(REPEAT_WINDOW + 1));
  });
});
