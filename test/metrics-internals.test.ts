// The gate's metrics object: the anomaly counter the monitors record with, and the no-op path that records nothing.
import { createNoopMeter, type MeterProvider } from "@opentelemetry/api";
import { describe, expect, it, vi } from "vitest";
import { GateMetrics } from "../src/metrics/gate-metrics.js";
import type { CallState } from "../src/pipeline/types.js";
import { manualClock, memoryMetrics } from "./helpers.js";

const noSuspensions = { agents: () => [], find: () => undefined };

describe("GateMetrics", () => {
  it("counts anomalies by monitor, kind, action, enforced and root agent name; nothing else of the anomaly", async () => {
    const { meterProvider, metric } = memoryMetrics();
    const gateMetrics = new GateMetrics(meterProvider, manualClock(), noSuspensions);
    // Shaped as the monitors' Anomaly: ids, the tool, the detail and the time must not become attributes.
    const anomaly = (monitor: string, kind: string, action: string, enforced: boolean, callId: string) => ({
      ...{ monitor, kind, action, enforced, observed: 11, threshold: 10, detail: "refund.issue ×11 in 1m" },
      ...{ agent: { id: "agt_1/helper", name: "helper", owner: "team" }, root: "support-bot", tool: "refund.issue" },
      ...{ callId, at: "2026-01-01T00:00:00.000Z" },
    });
    const listener: (hit: ReturnType<typeof anomaly>) => unknown = gateMetrics.anomaly;
    listener(anomaly("refund-burst", "rate", "suspend", true, "call_1"));
    listener(anomaly("refund-burst", "rate", "suspend", true, "call_2"));
    listener(anomaly("first-use", "first-use", "alert", false, "call_3"));
    const anomalies = await metric("toolgate.anomalies");
    expect(anomalies?.descriptor).toMatchObject({ unit: "{anomaly}", type: "COUNTER" });
    expect(anomalies?.dataPoints.map(({ attributes, value }) => ({ attributes, value }))).toEqual([
      {
        attributes: {
          "toolgate.anomaly.monitor": "refund-burst",
          "toolgate.anomaly.kind": "rate",
          "toolgate.anomaly.action": "suspend",
          "toolgate.anomaly.enforced": true,
          "gen_ai.agent.name": "support-bot",
        },
        value: 2,
      },
      {
        attributes: {
          "toolgate.anomaly.monitor": "first-use",
          "toolgate.anomaly.kind": "first-use",
          "toolgate.anomaly.action": "alert",
          "toolgate.anomaly.enforced": false,
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
