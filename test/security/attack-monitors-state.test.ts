// Attacks on monitor state: flooding it to make a monitor forget (other agents' floods, one's own), and huge field
// values for fan-out. State stays bounded per root name and monitor, and nothing is forgotten that would let a
// call through unseen; no value of an input reaches the record.

import { trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { memoryStore } from "../../src/index.js";
import { manualClock } from "../helpers.js";
import { monitoredGate, outcome, tool } from "../monitors/gate.js";

// Floods run lean: no recording span, no ledger sink (what they test is the monitor state).
const lean = { audit: {}, tracerProvider: trace.getTracerProvider() };

describe("flooding to evict", () => {
  it("1,000 other agents, conversations and tools do not make a monitor forget this agent's calls", async () => {
    const { gate, anomalies } = monitoredGate(
      [{ id: "burst", kind: "rate", max: 3, window: "1h", action: "suspend" }],
      lean,
    );
    const victim = gate.agent({ name: "support-bot", owner: "team" }).guard(tool("crm.read").tool);
    for (let i = 0; i < 3; i++) await victim.call({});
    for (let i = 0; i < 1_000; i++) {
      const noisy = gate.agent({ name: `noisy-${i}`, owner: "team" });
      await noisy.guard(tool(`tool-${i % 50}`).tool).call({}, { conversationId: `c-${i}` });
      await noisy.retire();
    }
    expect(anomalies).toHaveLength(0);
    expect(await outcome(victim.safeCall({}))).toBe("AGENT_SUSPENDED:burst");
  });

  it("an agent's own flood of distinct values only keeps it firing, and state stays at max + 1", async () => {
    const clock = manualClock();
    const store = memoryStore({ clock });
    const { gate, anomalies } = monitoredGate(
      [{ id: "sweep", kind: "fan-out", tools: ["file.read"], field: "path", max: 10, window: "1h", action: "alert" }],
      { store, clock, ...lean },
    );
    const read = gate.agent({ name: "bot", owner: "team" }).guard(tool("file.read").tool);
    for (let i = 0; i < 2_000; i++) await read.call({ path: `/srv/${i}` });
    expect(anomalies).toHaveLength(2_000 - 10);
    expect(Math.max(...anomalies.map((anomaly) => anomaly.observed))).toBe(11);
    const held = store.monitors.observe({
      ticket: "probe",
      root: "bot",
      dryRun: true,
      draws: [{ kind: "distinct", id: "sweep", max: 10, windowMs: 3_600_000, values: [] }],
      coolDowns: [],
    });
    expect(held).toMatchObject({ results: [{ observed: 11 }] });
  });
});

describe("huge field values", () => {
  it("60,000 recipients in one call fire on that call and keep max + 1 hashes; none reaches the record", async () => {
    const { gate, anomalies, events } = monitoredGate([
      { id: "recipients", kind: "fan-out", field: "to", max: 20, window: "1h", action: "suspend" },
    ]);
    const send = gate.agent({ name: "bot", owner: "team" }).guard(tool("mail.send").tool);
    const to = Array.from({ length: 60_000 }, (_, i) => `u${i}`);
    expect(await outcome(send.safeCall({ to }))).toBe("AGENT_SUSPENDED:recipients");
    expect(anomalies).toMatchObject([{ observed: 21, threshold: 20 }]);
    const recorded = JSON.stringify([...(await events("anomaly")), ...(await events("suspension")), anomalies]);
    expect(recorded).not.toMatch(/"u\d+"/);
  });

  it("a one-megabyte path is one value, hashed; 30,000 copies of one recipient are one recipient", async () => {
    const { gate, anomalies, events } = monitoredGate([
      { id: "sweep", kind: "fan-out", field: "path", max: 1, window: "1h", action: "alert" },
      { id: "recipients", kind: "fan-out", field: "to", max: 1, window: "1h", action: "alert" },
    ]);
    const agent = gate.agent({ name: "bot", owner: "team" });
    const huge = `/${"a".repeat(1_000_000)}`;
    await agent.guard(tool("file.read").tool).call({ path: huge });
    await agent.guard(tool("mail.send").tool).call({ to: Array(30_000).fill("s@x.io") });
    expect(anomalies).toHaveLength(0);
    await agent.guard(tool("file.read").tool).call({ path: `${huge}b` });
    expect(anomalies).toMatchObject([{ monitor: "sweep", observed: 2 }]);
    expect(JSON.stringify(await events("anomaly"))).not.toContain("aaaaaaaa");
  });
});
