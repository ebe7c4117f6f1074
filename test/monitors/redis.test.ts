// Monitors on redisStore: replicas sharing one Redis share every count, cool-down and suspension; a Redis that does
// not answer refuses a watched call.
import { describe, expect, it, vi } from "vitest";
import { type Anomaly, createGate, definePolicy, type MonitorDefinition } from "../../src/index.js";
import { manualClock } from "../helpers.js";
import { hasRedis, redisSuite, startRedis } from "../redis/server.js";
import { ALLOW_ALL, countingApprover, outcome, tool } from "./gate.js";

describe.skipIf(!hasRedis)("monitors on redisStore", () => {
  const redis = redisSuite();
  let prefixes = 0;

  /** Two replicas, each its own client, store and gate, over one Redis and one clock. */
  async function replicas(monitors: MonitorDefinition[], extra: { approvers?: Record<string, never> } = {}) {
    const clock = manualClock();
    const prefix = `monitors${++prefixes}`;
    const anomalies: Anomaly[] = [];
    const gates = await Promise.all(
      [0, 1].map(async () => {
        const store = await redis.replica({ prefix, testClock: clock, timeoutMs: 2_000 });
        const policy = definePolicy({
          rules: [...ALLOW_ALL.slice(), { id: "no-vault", tools: ["vault.*"], effect: "deny" }],
          monitors,
          approval: { approvers: ["security"] },
        });
        const { approver } = countingApprover(true);
        return createGate({
          policy,
          store,
          clock,
          approvers: { security: approver, ...extra.approvers },
          onAnomaly: (anomaly) => void anomalies.push(anomaly),
        });
      }),
    );
    const [first, second] = gates as [(typeof gates)[0], (typeof gates)[0]];
    const agents = () =>
      [first.agent({ name: "bot", owner: "team" }), second.agent({ name: "bot", owner: "team" })] as const;
    return { gates: [first, second] as const, agents, clock, anomalies };
  }

  it("counts across replicas and suspends the name on every one", async () => {
    const { gates, agents, anomalies } = await replicas([
      { id: "burst", kind: "rate", max: 3, window: "1m", action: "suspend" },
    ]);
    const [first, second] = agents();
    const [a, b] = [first.guard(tool("crm.read").tool), second.guard(tool("crm.read").tool)];
    expect(await outcome(a.safeCall({}))).toBe("ran");
    expect(await outcome(b.safeCall({}))).toBe("ran");
    expect(await outcome(a.safeCall({}))).toBe("ran");
    expect(await outcome(b.safeCall({}))).toBe("AGENT_SUSPENDED:burst");
    // Pub/sub brings the suspension to the other replica (its admission would refuse the call meanwhile).
    await vi.waitFor(() => expect(gates[0].store.suspensions.find([{ id: "x", name: "bot" }])).toBeDefined());
    expect(await outcome(a.safeCall({}))).toBe("AGENT_SUSPENDED:suspended");
    expect(anomalies).toMatchObject([{ monitor: "burst", observed: 4 }]);
  });

  it("a cool-down started on one replica asks on the other; first uses are learned for all", async () => {
    const { gates, agents, clock, anomalies } = await replicas([
      { id: "new-tool", kind: "first-use", learn: "1h", action: "require_approval", cooldown: "10m" },
    ]);
    const [a, b] = agents();
    await a.guard(tool("crm.read").tool).call({});
    clock.advance(3_600_000);
    // What a call taught is written at settlement, in the background: wait until the other replica knows it.
    await vi.waitFor(async () =>
      expect(await gates[1].check(b, tool("crm.read").tool, {})).toMatchObject({ effect: "allow" }),
    );
    await b.guard(tool("crm.read").tool).call({});
    expect(anomalies).toHaveLength(0);
    await a.guard(tool("deploy").tool).call({}); // new: asks, and starts the cool-down
    const decision = await gates[1].check(b, tool("crm.read").tool, {});
    expect(decision).toMatchObject({ effect: "require_approval", rule: "new-tool" });
    expect(anomalies).toMatchObject([{ monitor: "new-tool", detail: 'first use of tool "deploy"' }]);
    clock.advance(600_000);
    expect(await gates[1].check(b, tool("deploy").tool, {})).toMatchObject({ effect: "allow" });
  });

  it("denials are counted at settlement, in the background, and their suspension reaches every replica", async () => {
    const { agents, anomalies } = await replicas([
      { id: "probing", kind: "denials", max: 2, window: "5m", action: "suspend" },
    ]);
    const [a, b] = agents();
    for (const agent of [a, b, a]) await agent.guard(tool("vault.open").tool).safeCall({});
    await vi.waitFor(() => expect(anomalies).toHaveLength(1));
    await vi.waitFor(async () =>
      expect(await outcome(b.guard(tool("crm.read").tool).safeCall({}))).toBe("AGENT_SUSPENDED:suspended"),
    );
  });

  it("refusals before the pipeline (call options a model chose) count too, and suspend on every replica", async () => {
    const { agents, anomalies } = await replicas([
      { id: "probing", kind: "denials", max: 2, window: "5m", action: "suspend" },
    ]);
    const [a, b] = agents();
    for (const agent of [a, b, a]) await agent.guard(tool("crm.read").tool).safeCall({}, { callId: 7 as never });
    await vi.waitFor(() => expect(anomalies).toMatchObject([{ monitor: "probing", observed: 3 }]));
    await vi.waitFor(async () =>
      expect(await outcome(b.guard(tool("crm.read").tool).safeCall({}))).toBe("AGENT_SUSPENDED:suspended"),
    );
  });

  it("a Redis that does not answer refuses a watched call (STORE_UNAVAILABLE)", async () => {
    const paused = await startRedis();
    const client = redis.connect(paused.url, { maxRetriesPerRequest: 0 });
    const clock = manualClock();
    const store = await redis.replica({ prefix: "paused", testClock: clock, timeoutMs: 200 }, client);
    const gate = createGate({
      store,
      clock,
      policy: definePolicy({
        rules: ALLOW_ALL,
        monitors: [{ id: "burst", kind: "rate", max: 5, window: "1m", action: "alert" }],
      }),
    });
    const guarded = gate.agent({ name: "bot", owner: "team" }).guard(tool("crm.read").tool);
    expect(await outcome(guarded.safeCall({}))).toBe("ran");
    paused.pause();
    try {
      const refused = await guarded.safeCall({});
      expect(!refused.ok && refused.error).toMatchObject({
        code: "STORE_UNAVAILABLE",
        decision: {
          rule: "store-unavailable",
          reason: expect.stringContaining("the store could not answer the monitors"),
        },
      });
    } finally {
      paused.resume();
      await paused.stop();
    }
  });
});
