// Monitors count per root agent name, read loosely: new conversations, new instances of the name, delegates and
// other spellings of the name all add to the same count; another root name has its own.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/index.js";
import { monitoredGate, outcome, tool } from "./gate.js";

const RUNS = process.env.CI ? 10_000 : 1_000;

describe("monitors key on the root agent name", () => {
  it("conversations, instances, delegates and spellings share one count; another root has its own", async () => {
    const { gate, anomalies } = monitoredGate([{ id: "burst", kind: "rate", max: 4, window: "1h", action: "suspend" }]);
    const first = gate.agent({ name: "support-bot", owner: "team" });
    const callers: [Agent, string | undefined][] = [
      [first, "conversation-1"],
      [first, "conversation-2"],
      [gate.agent({ name: "support-bot", owner: "team" }), undefined],
      [first.delegate({ name: "researcher", tools: ["*"] }).delegate({ name: "reader", tools: ["*"] }), "c-3"],
    ];
    for (const [agent, conversationId] of callers) {
      expect(await outcome(agent.guard(tool("crm.read").tool).safeCall({}, { conversationId }))).toBe("ran");
    }
    const other = gate.agent({ name: "other-bot", owner: "team" }).guard(tool("crm.read").tool);
    for (let i = 0; i < 3; i++) expect(await outcome(other.safeCall({}))).toBe("ran");
    const spelled = gate.agent({ name: "Support-Bot", owner: "team" });
    expect(await outcome(spelled.guard(tool("crm.read").tool).safeCall({}, { conversationId: "fresh" }))).toBe(
      "AGENT_SUSPENDED:burst",
    );
    expect(anomalies).toMatchObject([{ root: "Support-Bot", observed: 5 }]);
    // The suspension of the name reaches every spelling and every delegate.
    for (const [agent] of callers) {
      expect(await outcome(agent.guard(tool("crm.read").tool).safeCall({}))).toBe("AGENT_SUSPENDED:suspended");
    }
    expect(await outcome(other.safeCall({}))).toBe("ran");
  });

  it("a first use is judged for the root: a delegate's or a new instance's call of a known tool is not new", async () => {
    const { gate, clock, anomalies } = monitoredGate([
      { id: "new-tool", kind: "first-use", learn: "1h", action: "alert" },
    ]);
    const root = gate.agent({ name: "support-bot", owner: "team" });
    await root.guard(tool("crm.read").tool).call({});
    clock.advance(3_600_000);
    await gate.agent({ name: "support-bot", owner: "team" }).guard(tool("crm.read").tool).call({});
    await root
      .delegate({ name: "helper", tools: ["*"] })
      .guard(tool("crm.read").tool)
      .call({});
    expect(anomalies).toHaveLength(0);
    // A fresh instance starts no learning period of its own: its first use of a tool is new.
    await gate.agent({ name: "SUPPORT-BOT", owner: "team" }).guard(tool("deploy").tool).call({});
    expect(anomalies).toMatchObject([{ monitor: "new-tool", detail: 'first use of tool "deploy"' }]);
  });

  it("property: however calls are spread over instances, delegates, conversations and spellings, the call past max fires", async () => {
    const step = fc.record({
      spelling: fc.constantFrom("bot", "Bot", "BOT", "ｂｏｔ"),
      delegate: fc.boolean(),
      conversation: fc.constantFrom(undefined, "c1", "c2", "c3"),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const { gate, anomalies } = monitoredGate([
          { id: "burst", kind: "rate", max: steps.length, window: "1h", action: "alert" },
        ]);
        for (const { spelling, delegate, conversation } of steps) {
          const instance = gate.agent({ name: spelling, owner: "team" });
          const agent = delegate ? instance.delegate({ name: "helper", tools: ["*"] }) : instance;
          await agent.guard(tool("crm.read").tool).call({}, { conversationId: conversation });
        }
        expect(anomalies).toHaveLength(0);
        await gate
          .agent({ name: "bot", owner: "team" })
          .guard(tool("crm.read").tool)
          .call({}, { conversationId: "new" });
        expect(anomalies).toHaveLength(1);
      }),
      { numRuns: RUNS / 10 },
    );
  });
});
