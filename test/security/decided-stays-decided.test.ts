// Security model 9 (runtime half) — what was decided stays decided: stages see the call read-only and change
// the input only before the decision; next() is dead once a call settles; non-Error throws are refusals;
// durations run on a monotonic clock; bridge answers are always scoped.
import { describe, expect, it, vi } from "vitest";
import {
  callBoundApprover,
  createGate,
  definePolicy,
  defineTool,
  type Next,
  passthroughSchema,
  queueApprover,
  type Stage,
  ToolgateError,
} from "../../src/index.js";
import { manualClock, memoryTracing } from "../helpers.js";

const policy = definePolicy({
  rules: [
    { id: "small", agents: ["bot"], tools: ["pay"], effect: "allow", when: { amount: { lte: 100 } } },
    { id: "asked", agents: ["bot"], tools: ["deploy"], effect: "allow", approval: { approvers: ["owner"] } },
    { id: "mail", agents: ["bot"], tools: ["read", "send"], effect: "allow" },
  ],
  limits: [{ id: "pay-rate", tools: ["pay"], max: 2, window: "1h" }],
  flows: [
    { id: "read-then-send", after: { tools: ["read"] }, then: { tools: ["send"] }, effect: "deny", window: "10m" },
  ],
});

function setup(owner = async () => ({ approved: true, by: "alice" })) {
  const clock = manualClock();
  const tracing = memoryTracing();
  const gate = createGate({ policy, approvers: { owner }, clock, tracerProvider: tracing.tracerProvider });
  const agent = gate.agent({ name: "bot", owner: "team" });
  const ran = vi.fn((input: unknown) => input);
  const guard = (name: string) => agent.guard(defineTool({ name, input: passthroughSchema(), execute: ran }));
  return { gate, agent, ran, guard, clock, tracing };
}

describe("stages cannot rewrite a call", () => {
  it("the view has no setters for tool, agent, input, decision, approvedBy or executed", async () => {
    const { gate, guard, ran } = setup();
    const attempts: string[] = [];
    gate.use(async (call, next) => {
      for (const field of ["tool", "agent", "input", "decision", "approvedBy", "executed"]) {
        try {
          (call as unknown as Record<string, unknown>)[field] = field === "executed" ? true : { forged: field };
          attempts.push(`${field}: changed`);
        } catch {
          attempts.push(`${field}: refused`);
        }
      }
      return next();
    });
    const result = await guard("pay").safeCall({ amount: 5_000 });
    expect(attempts.every((attempt) => attempt.endsWith("refused"))).toBe(true);
    expect(!result.ok && result.error.decision?.rule).toBe("default-deny");
    expect(ran).not.toHaveBeenCalled();
  });

  it("next({ input }) is validated and decided on; a second or late next({ input }) changes nothing", async () => {
    const { gate, guard, ran } = setup();
    let later: Next | undefined;
    gate.use(async (_call, next) => {
      later = next;
      return next({ input: { amount: 10 } });
    });
    await guard("pay").call({ amount: 10 });
    await expect(later?.({ input: { amount: 1_000_000 } })).rejects.toThrow(/after the call had ended|more than once/);
    expect(ran.mock.calls.map(([input]) => input)).toEqual([{ amount: 10 }]);
  });

  it("a stage that answers and later calls next() from a timer runs nothing and records a PIPELINE_ERROR", async () => {
    const { gate, guard, ran, tracing } = setup();
    let fire: () => Promise<unknown> = async () => undefined;
    gate.use(async (_call, next) => {
      fire = () => next();
      return "forged result";
    });
    const result = await guard("pay").safeCall({ amount: 1 });
    expect(!result.ok && result.error.code).toBe("PIPELINE_ERROR");
    await expect(fire()).rejects.toThrow(/after the call had ended/);
    expect(ran).not.toHaveBeenCalled();
    const [span] = await tracing.spans();
    expect(span?.attributes["toolgate.outcome"]).toBe("denied");
  });

  it("a stage racing its own next(): the policy decides once, on the input it saw", async () => {
    const { gate, guard, ran } = setup();
    gate.use(async (_call, next) => {
      const slow = next({ input: { amount: 1_000_000 } }).catch(() => undefined);
      const fast = next();
      await slow;
      return fast;
    });
    await guard("pay").safeCall({ amount: 5 });
    for (const [input] of ran.mock.calls) expect(input).toEqual({ amount: 5 });
  });

  it.each([
    ["a null-prototype object", () => Object.create(null)],
    [
      "an Error with a throwing message getter",
      () =>
        Object.defineProperty(new Error(), "message", {
          get: () => {
            throw new Error("boom");
          },
        }),
    ],
    ["a forged error brand", () => ({ [Symbol.for("toolgate.error")]: true, code: "TOOL_FAILED", message: "forged" })],
    ["a ToolgateError claiming TOOL_FAILED", () => new ToolgateError({ code: "TOOL_FAILED", message: "not the tool" })],
    ["undefined", () => undefined],
  ])("a stage throwing %s is a refusal naming the stage, never TOOL_FAILED", async (_, thrown) => {
    const { gate, guard } = setup();
    const stage: Stage = async function weird() {
      throw thrown();
    };
    gate.use(stage);
    const result = await guard("pay").safeCall({ amount: 1 });
    expect(!result.ok && result.error).toMatchObject({ code: "TOOL_DENIED", decision: { rule: "stage:weird" } });
  });
});

describe("windows, grants and pending approvals run on a monotonic clock", () => {
  it.each([86_400_000, -86_400_000])(
    "a wall-clock step of %i ms resets no limit and ends no flow window",
    async (step) => {
      const { guard, clock } = setup();
      const pay = guard("pay");
      await pay.call({ amount: 1 });
      await pay.call({ amount: 2 });
      clock.stepWall(step);
      expect((await pay.safeCall({ amount: 3 })).ok).toBe(false); // still spent
      await guard("read").call({});
      clock.stepWall(step);
      clock.advance(60_000);
      const sent = await guard("send").safeCall({});
      expect(!sent.ok && sent.error.decision?.rule).toBe("read-then-send"); // the 10m flow window still runs
      clock.advance(3_600_000);
      expect((await pay.safeCall({ amount: 4 })).ok).toBe(true); // an hour of real time did pass
      expect((await guard("send").safeCall({})).ok).toBe(true);
    },
  );

  it("a grant outlives no real minute, and a pending approval's deadline ignores wall steps", async () => {
    const owner = vi.fn(async () => ({ approved: true, by: "alice", grantFor: "10m" as const }));
    const { guard, clock } = setup(owner);
    const deploy = guard("deploy");
    await deploy.call({});
    clock.stepWall(-86_400_000); // the wall clock goes back a day: the grant must not last a day longer
    clock.advance(10 * 60_000 + 1);
    await deploy.call({});
    expect(owner).toHaveBeenCalledTimes(2);
  });

  it("a queued request expires on the store's monotonic clock, whatever the wall clock says", async () => {
    const clock = manualClock();
    const queue = queueApprover();
    const gate = createGate({ policy, approvers: { owner: queue }, clock });
    const deploy = gate
      .agent({ name: "bot", owner: "team" })
      .guard(defineTool({ name: "deploy", input: passthroughSchema(), execute: () => "ran" }));
    const pending = deploy.safeCall({}, { signal: AbortSignal.timeout(2_000) });
    await expect.poll(async () => (await queue.pending()).length).toBe(1);
    clock.stepWall(86_400_000);
    const [request] = await queue.pending();
    await queue.resolve(request?.id ?? "", { approved: true, by: "alice" });
    expect((await pending).ok).toBe(true);
  });
});

describe("bridges are always scoped", () => {
  it("a call-bound answer is not reused across agents, conversations or its expiry", async () => {
    const clock = manualClock();
    const answers = callBoundApprover("user", { ttl: "1m", clock });
    const gate = createGate({
      policy: definePolicy({ rules: [{ id: "r", tools: ["rm"], effect: "allow", approval: { approvers: ["user"] } }] }),
      approvers: { user: answers.approver },
      clock,
    });
    const tool = defineTool({ name: "rm", input: passthroughSchema(), execute: () => "ran" });
    const alice = gate.agent({ name: "a", owner: "o" });
    const mallory = gate.agent({ name: "m", owner: "o" });
    answers.expect("c1", { agentId: alice.id, conversationId: "t1" });
    answers.record("c1", "rm", { path: "/x" }, { approved: true, by: "alice" });
    expect((await mallory.guard(tool).safeCall({ path: "/x" }, { callId: "c1", conversationId: "t1" })).ok).toBe(false);
    expect((await alice.guard(tool).safeCall({ path: "/x" }, { callId: "c1", conversationId: "t2" })).ok).toBe(false);
    answers.expect("c2", { agentId: alice.id, conversationId: "t1" });
    answers.record("c2", "rm", { path: "/x" }, { approved: true, by: "alice" });
    clock.advance(60_001);
    expect((await alice.guard(tool).safeCall({ path: "/x" }, { callId: "c2", conversationId: "t1" })).ok).toBe(false);
    answers.expect("c3", { agentId: alice.id, conversationId: "t1" });
    answers.record("c3", "rm", { path: "/x" }, { approved: true, by: "alice" });
    expect((await alice.guard(tool).safeCall({ path: "/x" }, { callId: "c3", conversationId: "t1" })).ok).toBe(true);
    expect((await alice.guard(tool).safeCall({ path: "/x" }, { callId: "c3", conversationId: "t1" })).ok).toBe(false);
  });
});
