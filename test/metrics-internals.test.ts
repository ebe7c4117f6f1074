// The gate's metrics object: the anomaly counter the monitors record with, and the no-op path that records nothing.
import { createNoopMeter, type MeterProvider } from "@opentelemetry/api";
import { describe, expect, it, vi } from "vitest";
import { GateMetrics } from "../src/metrics/gate-metrics.js";
import type { CallState } from "../src/pipeline/types.js";
import { manualClock, memoryMetrics } from "./helpers.js";

const noSuspensions = { agents: () => [], find: () => undefined };

describe("GateMetrics", () => {
  it("counts anomalies by monitor, action, shadow and root agent name", async () => {
    const { meterProvider, metric } = memoryMetrics();
    const gateMetrics = new GateMetrics(meterProvider, manualClock(), noSuspensions);
    gateMetrics.anomaly({ monitor: "refund-burst", action: "suspend", shadow: false, agent: "support-bot" });
    gateMetrics.anomaly({ monitor: "refund-burst", action: "suspend", shadow: false, agent: "support-bot" });
    gateMetrics.anomaly({ monitor: "first-use", action: "alert", shadow: true, agent: "support-bot" });
    const anomalies = await metric("toolgate.anomalies");
    expect(anomalies?.descriptor).toMatchObject({ unit: "{anomaly}", type: "COUNTER" });
    expect(anomalies?.dataPoints.map(({ attributes, value }) => ({ attributes, value }))).toEqual([
      {
        attributes: {
          "toolgate.monitor.id": "refund-burst",
          "toolgate.anomaly.action": "suspend",
          "toolgate.anomaly.shadow": false,
          "gen_ai.agent.name": "support-bot",
        },
        value: 2,
      },
      {
        attributes: {
          "toolgate.monitor.id": "first-use",
          "toolgate.anomaly.action": "alert",
          "toolgate.anomaly.shadow": true,
          "gen_ai.agent.name": "support-bot",
        },
        value: 1,
      },
    ]);
  });

  it("with the API's no-op meter, reads no clock and nothing of the call", () => {
    const provider: MeterProvider = { getMeter: () => createNoopMeter() };
    const clock = { now: vi.fn(() => 0), wall: vi.fn(() => 0) };
    const gateMetrics = new GateMetrics(provider, clock, noSuspensions);
    expect(gateMetrics.startedAt()).toBeUndefined();
    const read: (string | symbol)[] = [];
    const call = new Proxy({ startedAt: undefined } as unknown as CallState, {
      get: (target, key) => {
        read.push(key);
        return Reflect.get(target, key);
      },
    });
    gateMetrics.callEnded(call, "allowed");
    gateMetrics.approvalEnded("approved", 1_000);
    expect(read).toEqual(["startedAt"]);
    expect(clock.now).not.toHaveBeenCalled();
  });
});
