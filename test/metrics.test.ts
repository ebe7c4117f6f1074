// The gate's metrics, read back through the SDK's own MeterProvider and a reader the test collects from.
import { metrics } from "@opentelemetry/api";
import { DataPointType, type MetricData } from "@opentelemetry/sdk-metrics";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Approver,
  createGate,
  definePolicy,
  defineTool,
  type GateOptions,
  passthroughSchema,
} from "../src/index.js";
import { manualClock, memoryMetrics, recordingTool } from "./helpers.js";

const owner: Approver = async () => ({ approved: true, by: "alice" });
const policy = definePolicy({
  rules: [
    { id: "read", tools: ["crm.*"], effect: "allow" },
    { id: "refunds", tools: ["refund.issue"], effect: "allow", approval: { approvers: ["owner"] } },
    { id: "never-drop", tools: ["db.drop"], effect: "deny" },
  ],
});

function setup(options: Partial<GateOptions> = {}) {
  const reading = memoryMetrics();
  const clock = manualClock();
  const gate = createGate({ policy, approvers: { owner }, meterProvider: reading.meterProvider, clock, ...options });
  const agent = gate.agent({ name: "support-bot", owner: "team" });
  return { ...reading, gate, agent, clock };
}

const points = (data: MetricData | undefined) =>
  (data?.dataPoints ?? []).map((point) => ({ attributes: point.attributes, value: point.value }));

afterEach(() => metrics.disable());

describe("toolgate.calls", () => {
  it("counts each call by tool, root agent name, outcome, effect and rule; never an agent id", async () => {
    const { agent, metric } = setup();
    const failing = defineTool({
      name: "crm.write",
      input: passthroughSchema(),
      execute: () => {
        throw new Error("down");
      },
    });
    await agent.guard(recordingTool("crm.read").tool).call({});
    await agent.guard(recordingTool("crm.read").tool).call({});
    await agent.guard(recordingTool("db.drop").tool).safeCall({});
    await agent.guard(failing).safeCall({});
    await agent
      .delegate({ name: "helper", tools: ["crm.*"] })
      .guard(recordingTool("crm.read").tool)
      .call({});
    const calls = await metric("toolgate.calls");
    expect(calls?.descriptor).toMatchObject({ unit: "{call}", type: "COUNTER" });
    const base = { "gen_ai.agent.name": "support-bot" };
    expect(points(calls)).toEqual(
      expect.arrayContaining([
        {
          attributes: {
            ...base,
            "gen_ai.tool.name": "crm.read",
            "toolgate.outcome": "allowed",
            "toolgate.decision.effect": "allow",
            "toolgate.decision.rule": "read",
          },
          value: 3, // the delegate's call counts under its root's name
        },
        {
          attributes: {
            ...base,
            "gen_ai.tool.name": "db.drop",
            "toolgate.outcome": "denied",
            "toolgate.decision.effect": "deny",
            "toolgate.decision.rule": "never-drop",
          },
          value: 1,
        },
        expect.objectContaining({ attributes: expect.objectContaining({ "toolgate.outcome": "failed" }), value: 1 }),
      ]),
    );
    expect(points(calls)).toHaveLength(3);
    const everything = JSON.stringify(points(calls));
    expect(everything).not.toContain(agent.id);
    expect(everything).not.toContain("helper");
  });

  it("reports tool and agent names past 200 distinct ones as `other`", async () => {
    const { gate, metric } = setup({ policy: definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] }) });
    const agent = gate.agent({ name: "bot", owner: "team" });
    for (let i = 0; i < 205; i++) await agent.guard(recordingTool(`remote.tool${i}`).tool).call({});
    const byTool = new Map<string, number>();
    for (const point of points(await metric("toolgate.calls"))) {
      byTool.set(String(point.attributes["gen_ai.tool.name"]), point.value as number);
    }
    expect(byTool.size).toBe(201);
    expect(byTool.get("other")).toBe(5);
    expect(byTool.get("remote.tool199")).toBe(1);
    const tool = recordingTool("remote.tool0").tool;
    for (let i = 0; i < 202; i++)
      await gate
        .agent({ name: `tenant-${i}`, owner: "team" })
        .guard(tool)
        .call({});
    const byAgent = new Map<string, number>();
    for (const point of points(await metric("toolgate.calls"))) {
      const name = String(point.attributes["gen_ai.agent.name"]);
      byAgent.set(name, (byAgent.get(name) ?? 0) + (point.value as number));
    }
    expect(byAgent.size).toBe(201);
    expect(byAgent.get("other")).toBe(3); // "bot" took one of the 200 places
  });

  it("carries the would-be decision of a shadow call", async () => {
    const { agent, metric } = setup({ mode: "shadow" });
    await agent.guard(recordingTool("db.drop").tool).call({});
    expect(points(await metric("toolgate.calls"))[0]?.attributes).toMatchObject({
      "toolgate.outcome": "allowed",
      "toolgate.decision.effect": "allow",
      "toolgate.decision.rule": "shadow-mode",
      "toolgate.decision.shadow.effect": "deny",
      "toolgate.decision.shadow.rule": "never-drop",
      "toolgate.decision.shadow.by": "gate",
    });
  });
});

describe("durations", () => {
  it("toolgate.decision.duration measures up to the decision, not the tool or the approval wait", async () => {
    const { gate, agent, clock, metric } = setup({
      approvers: {
        owner: async () => {
          clock.advance(30_000);
          return { approved: true, by: "alice" };
        },
      },
    });
    gate.use(async (_call, next) => {
      clock.advance(5);
      return next();
    });
    const slow = defineTool({ name: "crm.read", input: passthroughSchema(), execute: () => clock.advance(1_000) });
    await agent.guard(slow).call({});
    await agent.guard(recordingTool("refund.issue").tool).call({});
    const duration = await metric("toolgate.decision.duration");
    expect(duration?.descriptor).toMatchObject({ unit: "s", type: "HISTOGRAM" });
    expect(duration?.dataPointType).toBe(DataPointType.HISTOGRAM);
    const byEffect = Object.fromEntries(
      (duration?.dataPoints ?? []).map((p) => [p.attributes["toolgate.decision.effect"], p.value]),
    );
    expect(byEffect).toEqual({
      allow: expect.objectContaining({ count: 1, sum: 0.005 }),
      require_approval: expect.objectContaining({ count: 1, sum: 0.005 }),
    });
  });

  it("toolgate.approval.duration measures each wait for approvers, in seconds, by outcome", async () => {
    const clock = manualClock();
    const answer =
      (approved: boolean, waitMs: number): Approver =>
      async () => {
        clock.advance(waitMs);
        return { approved, by: "alice" };
      };
    let next = answer(true, 30_000);
    const { agent, metric } = setup({ clock, approvers: { owner: (request, context) => next(request, context) } });
    const refund = agent.guard(recordingTool("refund.issue").tool);
    await refund.call({ amount: 1 });
    next = answer(false, 90_000);
    await refund.safeCall({ amount: 2 });
    const approval = await metric("toolgate.approval.duration");
    expect(approval?.descriptor.unit).toBe("s");
    const byOutcome = Object.fromEntries(
      (approval?.dataPoints ?? []).map((p) => [p.attributes["toolgate.approval.outcome"], p.value]),
    );
    expect(byOutcome).toMatchObject({ approved: { count: 1, sum: 30 }, denied: { count: 1, sum: 90 } });
  });
});

describe("toolgate.agent.suspended", () => {
  it("counts this process's live agents a suspension stops, by root name, and drops to 0 on resume", async () => {
    const { gate, agent, metric } = setup();
    agent.delegate({ name: "helper", tools: ["crm.*"] });
    gate.agent({ name: "other-bot", owner: "team" });
    const value = async () => points(await metric("toolgate.agent.suspended"));
    await gate.suspend(agent.id, "incident");
    expect(await value()).toEqual([{ attributes: { "gen_ai.agent.name": "support-bot" }, value: 2 }]);
    await gate.suspend({ name: "other-bot" }, "incident");
    expect(await value()).toEqual(
      expect.arrayContaining([{ attributes: { "gen_ai.agent.name": "other-bot" }, value: 1 }]),
    );
    await gate.resume(agent.id);
    await gate.resume({ name: "other-bot" });
    expect((await value()).map((point) => point.value)).toEqual([0, 0]);
    expect((await metric("toolgate.agent.suspended"))?.descriptor).toMatchObject({
      unit: "{agent}",
      type: "OBSERVABLE_UP_DOWN_COUNTER",
    });
  });

  it("stops observing once the gate is closed", async () => {
    const { gate, agent, metric } = setup();
    await gate.suspend(agent.id, "incident");
    await gate.close();
    expect(points(await metric("toolgate.agent.suspended"))).toEqual([]);
  });
});

describe("the meter provider", () => {
  it("defaults to the global one as it is at the gate's first call, so a gate made at import time is measured", async () => {
    const early = createGate({ policy, approvers: { owner } }).agent({ name: "early", owner: "team" });
    const reading = memoryMetrics();
    metrics.setGlobalMeterProvider(reading.meterProvider);
    await early.guard(recordingTool("crm.read").tool).call({});
    const [point] = points(await reading.metric("toolgate.calls"));
    expect(point).toMatchObject({ attributes: { "gen_ai.agent.name": "early" }, value: 1 });
  });

  it("refuses something that is not a MeterProvider", () => {
    const meterProvider = {} as GateOptions["meterProvider"];
    expect(() => createGate({ policy, approvers: { owner }, meterProvider })).toThrow(/`meterProvider` must be/);
  });
});
