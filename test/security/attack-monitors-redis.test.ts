// Racing a monitor over replicas: a burst fired at once through two gates sharing one Redis (each its own client
// and store) is counted by one atomic script per call, so no interleaving lets more than `max` calls start.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type Anomaly, createGate, definePolicy, defineTool } from "../../src/index.js";
import { manualClock } from "../helpers.js";
import { ALLOW_ALL, tool } from "../monitors/gate.js";
import { hasRedis, redisSuite } from "../redis/server.js";

describe.skipIf(!hasRedis)("a concurrent burst over two replicas", () => {
  const redis = redisSuite();

  it("100 calls at once, split over replicas, instances and conversations: at most max tools start", async () => {
    const clock = manualClock();
    let started = 0;
    const refund = defineTool({
      name: "refund.issue",
      input: z.object({}),
      execute: async () => {
        started++;
        return "refunded";
      },
    });
    const policy = definePolicy({
      rules: ALLOW_ALL,
      monitors: [{ id: "burst", kind: "rate", max: 5, window: "1h", action: "suspend" }],
    });
    const gates = await Promise.all(
      [0, 1].map(async () => {
        const store = await redis.replica({ prefix: "race", testClock: clock, timeoutMs: 5_000 });
        return createGate({ policy, store, clock });
      }),
    );
    const calls = Array.from({ length: 100 }, (_, i) => {
      const gate = gates[i % 2] as (typeof gates)[0];
      const agent = gate.agent({ name: i % 3 === 0 ? "Refund-Bot" : "refund-bot", owner: "team" });
      return agent.guard(refund).safeCall({}, { conversationId: `c-${i}` });
    });
    const results = await Promise.all(calls);
    expect(started).toBeLessThanOrEqual(5);
    const refused = results.filter((result) => !result.ok);
    expect(refused).toHaveLength(100 - started);
    for (const result of refused) expect(!result.ok && result.error.code).toBe("AGENT_SUSPENDED");
    // The kill switch may stop even the first five in flight; what fired it was the monitor.
    expect(refused.some((result) => !result.ok && result.error.decision?.rule === "burst")).toBe(true);
  });

  it("no count is lost in the race: with alert, exactly the calls past max fire", async () => {
    const clock = manualClock();
    const anomalies: Anomaly[] = [];
    const policy = definePolicy({
      rules: ALLOW_ALL,
      monitors: [{ id: "burst", kind: "rate", max: 5, window: "1h", action: "alert" }],
    });
    const gates = await Promise.all(
      [0, 1].map(async () => {
        const store = await redis.replica({ prefix: "race-alert", testClock: clock, timeoutMs: 5_000 });
        return createGate({ policy, store, clock, onAnomaly: (anomaly) => void anomalies.push(anomaly) });
      }),
    );
    const read = tool("crm.read").tool;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (gates[i % 2] as (typeof gates)[0]).agent({ name: "bot", owner: "team" }).guard(read).safeCall({}),
      ),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(anomalies).toHaveLength(95);
    expect(new Set(anomalies.map((anomaly) => anomaly.observed))).toEqual(new Set([6]));
  });
});
