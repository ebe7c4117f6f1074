// Refusals made before the pipeline (call options a model chose, a tool name the agent was never given) count as
// any refusal does: `denials` monitors, the agent's denials in the inventory, the calls metric.

import { metrics } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { modelCalls } from "../adapters/fixtures/langchain-calls.js";
import { memoryMetrics } from "../helpers.js";
import { monitoredGate, tool } from "./gate.js";

const probing = (extra: object = {}) => ({
  id: "probing",
  kind: "denials" as const,
  max: 2,
  window: "5m" as const,
  action: "suspend" as const,
  ...extra,
});

afterEach(() => metrics.disable());

describe("refusals before the pipeline", () => {
  it("call options a model chose count for a denials monitor: past its max the agent is suspended", async () => {
    const { gate, anomalies, tracing } = monitoredGate([probing()]);
    const { tool: read, ran } = tool("crm.read");
    const guarded = gate.agent({ name: "bot", owner: "team" }).guard(read);
    for (let i = 0; i < 3; i++) await guarded.safeCall({}, { callId: 7 as never });
    expect(anomalies).toMatchObject([
      { monitor: "probing", kind: "denials", observed: 3, root: "bot", tool: "crm.read" },
    ]);
    await new Promise((resolve) => setImmediate(resolve)); // the kill switch is pulled after the refusal
    const later = await guarded.safeCall({});
    expect(!later.ok && later.error).toMatchObject({ code: "AGENT_SUSPENDED", decision: { rule: "suspended" } });
    expect(ran).toEqual([]);
    const spans = await tracing.spans();
    const fired = spans.filter((span) => span.events.some((event) => event.name === "toolgate.anomaly"));
    expect(fired.map((span) => span.attributes["toolgate.decision.rule"])).toEqual(["INVALID_ARGUMENT"]);
  });

  it("made-up tool names count for the root, through a delegate, and only those a monitor watches", async () => {
    const { gate, anomalies } = monitoredGate([probing({ tools: ["db.*"], action: "alert" })]);
    const bot = gate.agent({ name: "bot", owner: "team" });
    const helper = bot.delegate({ name: "helper", tools: ["*"] });
    await modelCalls(helper, ["ghost", "db.drop_all", "mail.send", "db.export", "ghost2"]);
    expect(anomalies).toEqual([]);
    await modelCalls(bot, ["db.truncate"]);
    expect(anomalies).toMatchObject([{ monitor: "probing", observed: 3, root: "bot", tool: "db.truncate" }]);
  });

  it("the inventory counts them as the agent's denials", async () => {
    const { gate } = monitoredGate([]);
    const bot = gate.agent({ name: "bot", owner: "team" });
    await modelCalls(bot, ["ghost", "ghost"]);
    await bot.guard(tool("crm.read").tool).safeCall({}, { conversationId: "" });
    expect((await gate.inventory()).find((agent) => agent.name === "bot")).toMatchObject({ denials: 3, allowed: 0 });
  });

  it("the calls metric names a tool the gate has and counts a made-up name as other", async () => {
    const reading = memoryMetrics();
    const { gate } = monitoredGate([], { meterProvider: reading.meterProvider });
    const bot = gate.agent({ name: "bot", owner: "team" });
    await modelCalls(bot, ["ghost", "db.drop_all"]);
    await bot.guard(tool("crm.read").tool).safeCall({}, { callId: 7 as never });
    const calls = (await reading.metric("toolgate.calls"))?.dataPoints ?? [];
    expect(
      calls.map(({ attributes, value }) => [
        attributes["gen_ai.tool.name"],
        attributes["toolgate.decision.rule"],
        value,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ["other", "unknown-tool", 2],
        ["crm.read", "INVALID_ARGUMENT", 1],
      ]),
    );
    expect(calls).toHaveLength(2);
  });
});
