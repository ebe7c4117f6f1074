// The gate wires its monitors to shadow mode and to the anomaly counter: a shadow gate's suspend monitor records
// what it would have done and stops nothing, and every hit is counted in toolgate.anomalies.
import { metrics } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import type { MonitorDefinition } from "../../src/index.js";
import { memoryMetrics } from "../helpers.js";
import { monitoredGate, outcome, tool } from "./gate.js";

const burst: MonitorDefinition = { id: "burst", kind: "rate", max: 2, window: "1m", action: "suspend" };

afterEach(() => metrics.disable());

describe("monitors in a gate", () => {
  it("in shadow mode, record a suspension as would-be and suspend nobody", async () => {
    const { gate, anomalies } = monitoredGate([burst], { mode: "shadow" });
    const { tool: read, ran } = tool("crm.read");
    const guarded = gate.agent({ name: "bot", owner: "team" }).guard(read);
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await outcome(guarded.safeCall({})));
    expect(outcomes).toEqual(["ran", "ran", "ran", "ran"]);
    expect(ran).toHaveLength(4);
    expect(anomalies.map((a) => [a.monitor, a.action, a.enforced])).toEqual([
      ["burst", "suspend", false],
      ["burst", "suspend", false],
    ]);
    expect((await gate.inventory())[0]?.suspended).toBeUndefined();
    expect(await gate.inventory()).toHaveLength(1);
  });

  it("enforced, suspend the agent, and count each hit in toolgate.anomalies", async () => {
    const reading = memoryMetrics();
    const { gate } = monitoredGate([burst], { meterProvider: reading.meterProvider });
    const { tool: read, ran } = tool("crm.read");
    const guarded = gate.agent({ name: "bot", owner: "team" }).guard(read);
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await outcome(guarded.safeCall({})));
    expect(outcomes).toEqual(["ran", "ran", "AGENT_SUSPENDED:burst", "AGENT_SUSPENDED:suspended"]);
    expect(ran).toHaveLength(2);
    const counted = await reading.metric("toolgate.anomalies");
    expect(counted?.dataPoints.map(({ attributes, value }) => ({ attributes, value }))).toEqual([
      {
        attributes: {
          "toolgate.anomaly.monitor": "burst",
          "toolgate.anomaly.kind": "rate",
          "toolgate.anomaly.action": "suspend",
          "toolgate.anomaly.enforced": true,
          "gen_ai.agent.name": "bot",
        },
        value: 1,
      },
    ]);
  });
});
