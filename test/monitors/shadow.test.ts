// The shadow input of the monitor stage: a call in shadow mode counts and records what its monitors would do
// (`enforced: false`), and nothing suspends, asks or starts a cool-down. The gate passes `() => false` until shadow
// mode lands; this drives the stage directly.
import { INVALID_SPAN_CONTEXT, trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { auditOf } from "../../src/gate/audit.js";
import { newCall } from "../../src/gate/call.js";
import {
  type Anomaly,
  createGate,
  definePolicy,
  type MonitorDefinition,
  memoryStore,
  type SuspensionTarget,
} from "../../src/index.js";
import { compileMonitors } from "../../src/monitor/compile.js";
import { monitoring } from "../../src/monitor/monitoring.js";
import type { CallState, Execute } from "../../src/pipeline/types.js";
import { manualClock } from "../helpers.js";
import { tool } from "./gate.js";

function stageWith(monitors: MonitorDefinition[], shadow: boolean) {
  const clock = manualClock();
  const store = memoryStore({ clock });
  const policy = definePolicy({ rules: [], monitors, approval: { approvers: ["security"] } });
  const anomalies: Anomaly[] = [];
  const suspended: SuspensionTarget[] = [];
  const monitored = monitoring({
    ...{ monitors: compileMonitors(policy.definition), store, clock, baseline: undefined },
    audit: auditOf({ policy }),
    listeners: [(anomaly) => anomalies.push(anomaly)],
    suspend: async (target) => void suspended.push(target),
    suspended: () => undefined,
    shadow: () => shadow,
  });
  if (!monitored) throw new Error("expected monitoring");
  const agent = createGate({ policy: definePolicy({ rules: [] }) }).agent({ name: "bot", owner: "team" });
  const crm = tool("crm.read").tool;
  const call = (): CallState => {
    const span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    const state = newCall(
      agent,
      crm,
      crm.execute as Execute,
      undefined,
      {},
      `t-${Math.random()}`,
      "c",
      undefined,
      undefined,
      new AbortController().signal,
      span,
      false,
      shadow ? "gate" : undefined,
      undefined,
    );
    state.input = {};
    state.taken = true;
    state.decision = { effect: "allow", rule: "all", reason: "allowed" };
    return state;
  };
  const run = async () => {
    const state = call();
    const result = await monitored.stage(state, () => Promise.resolve("ran"));
    return { result, decision: state.decision };
  };
  return { monitored, run, call, anomalies, suspended, store };
}

const rate = (action: MonitorDefinition["action"]): MonitorDefinition => ({
  id: "burst",
  kind: "rate",
  max: 1,
  window: "1m",
  action,
});

describe("the monitor stage in shadow mode", () => {
  it("suspend: records the would-be suspension and lets the call go on", async () => {
    const { run, anomalies, suspended } = stageWith([rate("suspend")], true);
    await run();
    expect(await run()).toEqual({ result: "ran", decision: { effect: "allow", rule: "all", reason: "allowed" } });
    expect(anomalies).toMatchObject([{ monitor: "burst", action: "suspend", enforced: false }]);
    expect(suspended).toEqual([]);
  });

  it("require_approval: records it, asks nobody and starts no cool-down", async () => {
    const { run, anomalies, store } = stageWith([rate("require_approval")], true);
    await run();
    expect((await run()).decision).toMatchObject({ effect: "allow" });
    expect(anomalies).toMatchObject([{ action: "require_approval", enforced: false }]);
    const reading = store.monitors.observe({ ticket: "x", root: "bot", dryRun: true, draws: [], coolDowns: ["burst"] });
    expect(reading).toEqual({ results: [], coolDowns: [0] });
  });

  it("denials: a refusal past max records the would-be action at settlement, and does not suspend", async () => {
    const { monitored, call, anomalies, suspended } = stageWith(
      [{ id: "probing", kind: "denials", max: 1, window: "1m", action: "suspend" }],
      true,
    );
    monitored.settle(call(), "denied");
    monitored.settle(call(), "denied");
    expect(anomalies).toMatchObject([{ monitor: "probing", action: "suspend", enforced: false }]);
    expect(suspended).toEqual([]);
  });

  it("out of shadow mode the same hits act", async () => {
    const suspending = stageWith([rate("suspend")], false);
    await suspending.run();
    await expect(suspending.run()).rejects.toMatchObject({ code: "AGENT_SUSPENDED", decision: { rule: "burst" } });
    expect(suspending.suspended).toEqual([{ name: "bot" }]);
    const asking = stageWith([rate("require_approval")], false);
    await asking.run();
    expect((await asking.run()).decision).toMatchObject({ effect: "require_approval", rule: "burst" });
    expect(asking.anomalies).toMatchObject([{ enforced: true }]);
  });
});
