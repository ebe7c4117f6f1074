import type { BeginInput, EndInput, LedgerClock, LedgerSink, RefusalInput } from "../../src/index.js";

/** A clock whose timers run only when the test advances it. */
export function fakeClock() {
  let now = 0;
  let ids = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const clock: LedgerClock = {
    wallTime: () => new Date(Date.UTC(2025, 0, 1) + now).toISOString(),
    setTimeout: (run, ms) => {
      timers.set(++ids, { at: now + ms, run });
      return ids;
    },
    clearTimeout: (id) => {
      timers.delete(id as number);
    },
  };
  /** Runs every timer due within `ms`, in order, letting promises settle after each. */
  const advance = async (ms: number) => {
    const target = now + ms;
    for (;;) {
      await settle();
      const due = [...timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].run();
    }
    now = target;
    await settle();
  };
  return { clock, advance, pending: () => timers.size };
}

/** Lets every queued promise callback run (several rounds, for chains of awaits). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A sink whose writes the test resolves or rejects one by one. */
export function manualSink() {
  const lines: string[] = [];
  const writes: { count: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  const sink: LedgerSink = {
    write: ({ entries, text }) =>
      new Promise<void>((resolve, reject) => {
        writes.push({
          count: entries.length,
          resolve: () => {
            lines.push(...text.trimEnd().split("\n"));
            resolve();
          },
          reject,
        });
      }),
  };
  return { sink, lines, writes, text: () => lines.map((line) => `${line}\n`).join("") };
}

export const agent = { id: "agt_1", name: "support-bot", owner: "team-support", chain: ["agt_1"] };

export function begin(callId: string, overrides: Partial<BeginInput> = {}): BeginInput {
  return {
    kind: "begin",
    callId,
    agent,
    tool: { name: "refund.issue", risk: "high" },
    argsHash: "a".repeat(64),
    decision: { effect: "require_approval", rule: "refunds", reason: "refunds need approval" },
    approvals: [{ approver: "owner", by: "alice@example.com", approved: true }],
    ...overrides,
  };
}

export function end(callId: string, beginSeq: number, overrides: Partial<EndInput> = {}): EndInput {
  return { kind: "end", callId, beginSeq, outcome: "allowed", resultHash: "b".repeat(64), ...overrides };
}

export function refusal(callId: string, overrides: Partial<RefusalInput> = {}): RefusalInput {
  const { argsHash: _argsHash, kind: _kind, ...facts } = begin(callId);
  return {
    ...facts,
    kind: "refusal",
    code: "APPROVAL_DENIED",
    decision: { effect: "require_approval", rule: "refunds", reason: "refunds need approval" },
    approvals: [{ approver: "owner", by: "bob@example.com", approved: false, reason: "amount too high" }],
    ...overrides,
  };
}
