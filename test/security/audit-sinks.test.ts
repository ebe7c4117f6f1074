// A sink that throws, rejects, hangs or fails to close must never crash the process nor leave an unhandled
// rejection, and what it failed to write is either written later, in order, or on record.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLedger, type LedgerProblem, type LedgerSink, memorySink, verifyAudit } from "../../src/index.js";
import { begin, end, fakeClock, settle } from "../ledger/helpers.js";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on("unhandledRejection", onUnhandled);
});
afterEach(async () => {
  await settle();
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});

// A memory sink that fails its first `failures` writes in the way given.
function failing(failures: number, how: "throw" | "reject" | "reject-undefined" | "hang") {
  const inner = memorySink();
  let calls = 0;
  const sink: LedgerSink = {
    write: (batch) => {
      if (++calls > failures) return inner.write(batch);
      if (how === "throw") throw new Error("disk on fire");
      if (how === "hang") return new Promise<void>(() => {});
      return Promise.reject(how === "reject" ? new Error("collector down") : undefined);
    },
  };
  return { sink, inner, calls: () => calls };
}

describe("a failing sink", () => {
  for (const how of ["throw", "reject", "reject-undefined", "hang"] as const) {
    it(`that ${how}s is contained, retried, reported, and the trail is complete once it recovers`, async () => {
      const { clock, advance } = fakeClock();
      const { sink, inner, calls } = failing(8, how);
      const problems: LedgerProblem[] = [];
      const ledger = createLedger({ sink, clock, writeTimeout: "1s", onProblem: (problem) => problems.push(problem) });
      const begun = ledger.append(begin("c1"));
      if (!begun.ok) throw new Error(begun.message);
      let durability: unknown;
      void begun.durable?.then((outcome) => {
        durability = outcome;
      });
      await advance(how === "hang" ? 10_000 : 5_000);
      // Past the retry schedule (5 attempts) a waiting begin learns it is not durable: the caller refuses the call.
      expect(durability).toMatchObject({ ok: false, problem: { kind: "write-failed" } });
      const later = ledger.append(begin("c2"));
      if (!later.ok) throw new Error(later.message);
      expect(await later.durable).toMatchObject({ ok: false });
      ledger.append(end("c1", 1));
      await advance(10_000);
      expect(calls()).toBe(10);
      expect(problems.filter((p) => p.kind === "write-failed")).toHaveLength(8);
      expect(problems[0]?.message).toMatch(/attempt 1/);
      await ledger.flush();
      const report = verifyAudit(inner.text());
      expect(report.breaks).toEqual([expect.objectContaining({ kind: "unended", callId: "c2" })]);
      expect(inner.lines.map((line) => JSON.parse(line).seq)).toEqual([1, 2, 3]);
    });
  }

  it("puts on record the appends it refused while full, so an honest trail with failed writes verifies", async () => {
    const { clock, advance } = fakeClock();
    const { sink, inner } = failing(3, "reject");
    const ledger = createLedger({ sink, clock, maxPending: 2, onProblem: () => {} });
    const first = ledger.append(begin("c1"));
    ledger.append(end("c1", 1));
    expect(ledger.append(begin("c2"))).toMatchObject({ ok: false, reason: "full" });
    await advance(1_000);
    expect(first.ok && (await first.durable)).toMatchObject({ ok: true });
    const next = ledger.append(begin("c3"));
    await advance(1_000);
    ledger.append(end("c3", next.ok ? next.entry.seq : 0));
    await ledger.close();
    const report = verifyAudit(inner.text());
    expect(report.breaks).toEqual([]);
    expect(report.warnings.filter((w) => w.kind !== "unsigned")).toEqual([
      expect.objectContaining({ kind: "refused", message: expect.stringMatching(/^1 append was refused/) }),
    ]);
    expect(JSON.parse(inner.lines[2] as string)).toMatchObject({ kind: "gap", refused: 1, callIds: ["c2"] });
  });

  it("abandons, on close, what a sink that never recovers could not take, and reports the seqs", async () => {
    const { clock, advance } = fakeClock();
    const { sink } = failing(Number.POSITIVE_INFINITY, "reject");
    const problems: LedgerProblem[] = [];
    const ledger = createLedger({ sink, clock, retryDelays: [10], onProblem: (problem) => problems.push(problem) });
    ledger.append(begin("c1"));
    ledger.append(begin("c2"));
    await advance(100);
    const closed = ledger.close();
    await advance(100);
    await closed;
    expect(problems.at(-1)).toMatchObject({ kind: "write-abandoned", seqs: { from: 1, to: 2 } });
    expect(ledger.state).toBe("closed");
  });

  it("survives a head that throws, a close that throws and an onProblem that throws", async () => {
    const { clock, advance } = fakeClock();
    const sink: LedgerSink = {
      head: () => {
        throw new Error("no such table");
      },
      write: () => {},
      close: () => Promise.reject(new Error("already closed")),
    };
    const ledger = createLedger({
      sink,
      clock,
      onProblem: () => {
        throw new Error("the reporter is broken too");
      },
    });
    await advance(10_000);
    await ledger.ready;
    expect(ledger.append(begin("c1"))).toMatchObject({
      ok: false,
      reason: "unavailable",
      message: expect.stringMatching(/no such table/),
    });
    await ledger.close();
    expect(ledger.state).toBe("closed");
  });

  it("gives up on a head that never answers, so ready settles and appends refuse", async () => {
    const { clock, advance } = fakeClock();
    const sink: LedgerSink = { head: () => new Promise(() => {}), write: () => {} };
    const ledger = createLedger({ sink, clock, retryDelays: [10], writeTimeout: "1s", onProblem: () => {} });
    await advance(5_000);
    await ledger.ready;
    expect(ledger.append(begin("c1"))).toMatchObject({
      ok: false,
      reason: "unavailable",
      message: expect.stringMatching(/within 1000 ms/),
    });
  });

  it("refuses, never throws, an entry that is not what its type says", () => {
    const problems: LedgerProblem[] = [];
    const ledger = createLedger({ onProblem: (problem) => problems.push(problem) });
    const broken = { ...begin("c1"), approvals: undefined } as unknown as Parameters<typeof ledger.append>[0];
    expect(ledger.append(broken)).toMatchObject({ ok: false, reason: "invalid-entry" });
    expect(problems).toEqual([expect.objectContaining({ kind: "invalid-entry" })]);
    expect(ledger.head.seq).toBe(0);
  });
});
