// Attacks on the lean traced call (issue 13, item 3): what the fast paths cache and skip must never change what is
// decided, hashed, recorded or aborted.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type ApprovalRequest,
  type Approver,
  createGate,
  definePolicy,
  defineTool,
  hashArguments,
  memorySink,
  passthroughSchema,
  verifyAudit,
} from "../../src/index.js";
import { isoTimeCache } from "../../src/internal/clock.js";
import { systemClock as ledgerClock } from "../../src/ledger/clock.js";
import { manualClock, memoryTracing } from "../helpers.js";

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

const approvedBy =
  (by: string): Approver =>
  async () => ({ approved: true, by });

/** A traced gate with a ledger sink, one tool `t` (allowed, or asking `owner` when `approval`), recording its input. */
function setup(options: { approval?: boolean; approver?: Approver } = {}) {
  const tracing = memoryTracing();
  const sink = memorySink();
  const rule = { id: "r", tools: ["t"], effect: "allow" as const };
  const policy = definePolicy({ rules: [options.approval ? { ...rule, approval: { approvers: ["owner"] } } : rule] });
  const requests: ApprovalRequest[] = [];
  const approver = options.approver ?? approvedBy("alice");
  const owner: Approver = (request, context) => {
    requests.push(request);
    return approver(request, context);
  };
  const gate = createGate({ policy, tracerProvider: tracing.tracerProvider, audit: { sink }, approvers: { owner } });
  const ran: unknown[] = [];
  const tool = defineTool({
    name: "t",
    input: passthroughSchema<unknown>(),
    maxInputBytes: 4 * 1024 * 1024,
    execute: async (input) => {
      ran.push(input);
      return "done";
    },
  });
  const guarded = gate.agent({ name: "bot", owner: "team" }).guard(tool);
  const entries = () => sink.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { gate, guarded, ran, requests, tracing, sink, entries };
}

describe("one hash of what the tool got", () => {
  // Attack: a getter says one thing to the first read and another to every later one, hoping the hash (or the
  // approver) sees a value the tool does not get.
  it("a getter that changes between reads: the span, the ledger and the approver carry the hash of the value the tool ran on", async () => {
    let reads = 0;
    const input = {
      get path() {
        reads++;
        return reads === 1 ? "/data/report.txt" : "/etc/shadow";
      },
    };
    const { gate, guarded, ran, requests, tracing, sink, entries } = setup({ approval: true });
    await guarded.call(input);
    await gate.close();
    expect(reads).toBe(1);
    expect(ran).toEqual([{ path: "/data/report.txt" }]);
    const expected = hashArguments({ path: "/data/report.txt" });
    expect(requests.map((request) => request.argsHash)).toEqual([expected]);
    expect((await tracing.only()).attributes["toolgate.args_hash"]).toBe(expected);
    expect(entries().find((entry) => entry.kind === "begin")?.argsHash).toBe(expected);
    expect(verifyAudit(sink.text()).ok).toBe(true);
  });

  it("a huge input within the tool's cap is hashed as it is, and the trail still verifies", async () => {
    const huge = {
      blob: "x".repeat(3 * 1024 * 1024),
      items: Array.from({ length: 5_000 }, (_, i) => ({ i, k: `v${i}` })),
    };
    const { gate, guarded, ran, tracing, sink, entries } = setup();
    expect(await guarded.call(huge)).toBe("done");
    await gate.close();
    expect(ran).toHaveLength(1);
    const expected = hashArguments(huge);
    expect((await tracing.only()).attributes["toolgate.args_hash"]).toBe(expected);
    expect(entries().find((entry) => entry.kind === "begin")?.argsHash).toBe(expected);
    expect(verifyAudit(sink.text()).ok).toBe(true);
  });

  it("an input over the cap is refused before anything is hashed or run, and the refusal is on record", async () => {
    const { gate, guarded, ran, sink, entries } = setup();
    const result = await guarded.safeCall({ blob: "x".repeat(5 * 1024 * 1024) });
    await gate.close();
    expect(!result.ok && result.error.code).toBe("INVALID_INPUT");
    expect(ran).toEqual([]);
    const [refusal, ...rest] = entries().filter((entry) => entry.kind !== "checkpoint");
    expect(rest).toEqual([]);
    expect(refusal).toMatchObject({ kind: "refusal", code: "INVALID_INPUT" });
    expect(refusal).not.toHaveProperty("argsHash");
    expect(verifyAudit(sink.text()).ok).toBe(true);
  });

  // Attack: a stage keeps the decided value's bytes (typed arrays cannot be frozen) and changes them while the
  // approver looks at the call: what was approved is not what would run.
  it("bytes changed while the approver decides: the call is refused, the tool never runs", async () => {
    let held: Uint8Array | undefined;
    const { gate, guarded, ran } = setup({
      approval: true,
      approver: async () => {
        if (held) held[0] = 0x58;
        return { approved: true, by: "alice" };
      },
    });
    gate.use(async (call, next) => {
      held = (call.input as { data: Uint8Array }).data;
      return next();
    });
    const result = await guarded.safeCall({ data: new Uint8Array([1, 2, 3]) });
    expect(!result.ok && result.error.code).toBe("APPROVAL_FAILED");
    expect(!result.ok && result.error.message).toMatch(/saw the input change after approval/);
    expect(ran).toEqual([]);
  });

  it("bytes left alone: the approved call runs with them", async () => {
    const { guarded, ran } = setup({ approval: true });
    expect(await guarded.call({ data: new Uint8Array([1, 2, 3]) })).toBe("done");
    expect(ran).toEqual([{ data: new Uint8Array([1, 2, 3]) }]);
  });
});

describe("aborts while approvers decide", () => {
  // Attack: the caller gives up (or the host cancels the run) while the approver is deciding; a late approval
  // must not run the tool.
  it("a caller's signal that fires mid-approval aborts the call and the approver's signal, even if it approves later", async () => {
    const caller = new AbortController();
    let approverSignal: AbortSignal | undefined;
    let approve: () => void = () => {};
    const { guarded, ran } = setup({
      approval: true,
      approver: (_, { signal }) => {
        approverSignal = signal;
        return new Promise((resolve) => {
          approve = () => resolve({ approved: true, by: "alice" });
        });
      },
    });
    const pending = guarded.safeCall({ n: 1 }, { signal: caller.signal });
    await vi.waitFor(() => expect(approverSignal).toBeDefined());
    caller.abort(new Error("the user closed the tab"));
    approve();
    const result = await pending;
    expect(!result.ok && result.error.code).toBe("ABORTED");
    expect(approverSignal?.aborted).toBe(true);
    expect(ran).toEqual([]);
  });

  it("an approval that lands in the same turn as the abort still does not run the tool", async () => {
    const caller = new AbortController();
    const { guarded, ran } = setup({
      approval: true,
      approver: async () => {
        caller.abort();
        return { approved: true, by: "alice" };
      },
    });
    const result = await guarded.safeCall({ n: 1 }, { signal: caller.signal });
    expect(!result.ok && result.error.code).toBe("ABORTED");
    expect(ran).toEqual([]);
  });

  it("a signal aborted before the call is refused before any approver is asked", async () => {
    const { guarded, ran, requests } = setup({ approval: true });
    const result = await guarded.safeCall({ n: 1 }, { signal: AbortSignal.abort() });
    expect(!result.ok && result.error.code).toBe("ABORTED");
    expect(requests).toEqual([]);
    expect(ran).toEqual([]);
  });
});

describe("approvers that answer at once cost no timer, and the others still get one", () => {
  /** A gate whose tool `t` asks `owner`, with a clock the test moves. */
  function asking(owner: Approver, approval: Record<string, unknown> = { approvers: ["owner"] }) {
    const clock = manualClock();
    const policy = definePolicy({ rules: [{ id: "r", tools: ["t"], effect: "allow", approval }] });
    const gate = createGate({ policy, clock, approvers: { owner, other: owner } });
    const ran: unknown[] = [];
    const tool = defineTool({ name: "t", input: passthroughSchema(), execute: async (input) => ran.push(input) });
    return { clock, guarded: gate.agent({ name: "bot", owner: "team" }).guard(tool), ran };
  }

  // Attack: the approver hangs, and the deadline is armed only after it was called: it must still hold.
  it("an approver that never answers is timed out on the deadline, wherever the clock stands when it is armed", async () => {
    let clock: ReturnType<typeof manualClock> | undefined;
    const {
      guarded,
      ran,
      clock: moved,
    } = asking(() => {
      clock?.advance(10 * 60_000); // past the default timeout before the deadline is even armed
      return new Promise(() => {});
    });
    clock = moved;
    const result = await guarded.safeCall({ n: 1 });
    expect(!result.ok && result.error.code).toBe("APPROVAL_TIMEOUT");
    expect(ran).toEqual([]);
  });

  // Attack: the caller aborts from inside the approver, before anything listens to its signal.
  it("an abort before the listener is armed still refuses the call and aborts the approver's signal", async () => {
    const caller = new AbortController();
    let approverSignal: AbortSignal | undefined;
    const { guarded, ran } = asking((_, { signal }) => {
      approverSignal = signal;
      caller.abort();
      return new Promise(() => {});
    });
    const result = await guarded.safeCall({ n: 1 }, { signal: caller.signal });
    expect(!result.ok && result.error.code).toBe("ABORTED");
    expect(approverSignal?.aborted).toBe(true);
    expect(ran).toEqual([]);
  });

  it("a losing approver that reads its signal only after the step was decided finds it aborted", async () => {
    let late: (() => AbortSignal) | undefined;
    const { guarded, ran } = asking(
      async (request, context) => {
        if (request.approver === "owner") return { approved: true, by: "alice" };
        late = () => context.signal;
        return new Promise(() => {});
      },
      { quorum: { n: 1, of: ["owner", "other"] } },
    );
    expect(await guarded.call({ n: 1 })).toBe(1);
    expect(ran).toHaveLength(1);
    expect(late?.().aborted).toBe(true);
    expect((late?.().reason as Error | undefined)?.message).toMatch(/already decided/);
  });
});

describe("the caller's signal, combined only when something listens", () => {
  /** A gate whose tool `t` reports the signal it was given, waiting for `release` when asked to. */
  function signalled() {
    const gate = createGate({ policy: definePolicy({ rules: [{ id: "r", tools: ["t"], effect: "allow" }] }) });
    const agent = gate.agent({ name: "bot", owner: "team" });
    const seen: AbortSignal[] = [];
    let entered: () => void = () => {};
    const inTool = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const tool = defineTool({
      name: "t",
      input: passthroughSchema<{ wait?: boolean }>(),
      execute: async (input, ctx) => {
        seen.push(ctx.signal);
        entered();
        if (!input.wait) return "done";
        await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
        return "stopped";
      },
    });
    return { gate, agent, guarded: agent.guard(tool), seen, inTool };
  }

  it("a caller that aborts while the tool runs aborts the tool's signal, with the caller's reason", async () => {
    const { guarded, seen, inTool } = signalled();
    const caller = new AbortController();
    const running = guarded.call({ wait: true }, { signal: caller.signal });
    await inTool;
    expect(seen[0]?.aborted).toBe(false);
    caller.abort(new Error("user cancelled"));
    expect(await running).toBe("stopped");
    expect(seen[0]?.aborted).toBe(true);
    expect((seen[0]?.reason as Error | undefined)?.message).toBe("user cancelled");
  });

  it("a suspension while the tool runs aborts the tool's signal even when the caller gave its own", async () => {
    const { gate, agent, guarded, seen, inTool } = signalled();
    const running = guarded.call({ wait: true }, { signal: new AbortController().signal });
    await inTool;
    await gate.suspend(agent.id, "compromised");
    expect(await running).toBe("stopped");
    expect(seen[0]?.aborted).toBe(true);
    expect(String((seen[0]?.reason as Error | undefined)?.message)).toMatch(/compromised/);
  });

  // Attack: the caller's signal is aborted between the start of the call and the tool (an async stage): the
  // combined signal does not exist yet, and the tool must still not run.
  it("a caller's abort after the call started but before the tool is refused without running it", async () => {
    const { gate, guarded, seen } = signalled();
    const caller = new AbortController();
    gate.use(async (_call, next) => {
      caller.abort();
      return next();
    });
    const result = await guarded.safeCall({}, { signal: caller.signal });
    expect(!result.ok && result.error.code).toBe("ABORTED");
    expect(seen).toEqual([]);
  });

  it("suspended and aborted by the caller before the tool: refused as suspended, the stricter reading", async () => {
    const { gate, agent, guarded, seen } = signalled();
    const caller = new AbortController();
    gate.use(async (_call, next) => {
      caller.abort();
      await gate.suspend(agent.id, "compromised");
      return next();
    });
    const result = await guarded.safeCall({}, { signal: caller.signal });
    expect(!result.ok && result.error.code).toBe("AGENT_SUSPENDED");
    expect(seen).toEqual([]);
  });

  it("a stage and the tool listen to one and the same signal", async () => {
    const { gate, guarded, seen } = signalled();
    let staged: AbortSignal | undefined;
    gate.use(async (call, next) => {
      staged = call.signal;
      return next();
    });
    await guarded.call({}, { signal: new AbortController().signal });
    expect(staged).toBeDefined();
    expect(seen[0]).toBe(staged);
  });
});

describe("the one-pass writer of call entries", () => {
  // Attack: the caller picks a call id or conversation id that JSON must escape (a quote to close the string early
  // and add fields, a backslash to eat the closing quote), hoping the fast writer pastes it into the entry as it is.
  // (Control, invisible and surrogate characters are refused at the door; the writer's own property test covers
  // them.) Such a value must only send the entry to the general writer: the record keeps it exactly, on one line,
  // and the chain verifies.
  it.each([['x","kind":"end'], ["x\\"], ['x\\","v":2,"a":"'], ['"']])(
    "a hostile call id %j is recorded as given, on one line, in a chain that verifies",
    async (hostile) => {
      const { gate, guarded, sink, entries, tracing } = setup();
      await guarded.call({ a: 1 }, { callId: hostile, conversationId: hostile });
      await guarded.call({ a: 2 });
      await gate.close();
      const recorded = entries().filter((entry) => entry.kind === "begin" || entry.kind === "end");
      expect(recorded.map((entry) => entry.kind)).toEqual(["begin", "end", "begin", "end"]);
      expect(recorded.slice(0, 2).map((entry) => entry.callId)).toEqual([hostile, hostile]);
      expect(recorded[0]?.conversationId).toBe(hostile);
      expect(recorded.map((entry) => entry.v)).toEqual([2, 2, 2, 2]);
      expect(sink.text().split("\n").filter(Boolean)).toHaveLength(sink.lines.length);
      expect(verifyAudit(sink.text()).ok).toBe(true);
      const spans = await tracing.spans();
      expect(spans.map((span) => span.attributes["toolgate.audit.seq"])).toEqual(
        recorded.filter((entry) => entry.kind === "end").map((entry) => entry.seq),
      );
    },
  );
});
