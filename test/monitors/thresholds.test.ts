// Each monitor fires exactly past its threshold, never at or below it, and forgets what leaves its window.
import { describe, expect, it } from "vitest";
import { baselineOf } from "../../src/index.js";
import { monitoredGate, tool } from "./gate.js";

describe("rate", () => {
  it("fires on the call past `max` in the window, not on the `max`th, and again once the window has room", async () => {
    const { gate, clock, anomalies } = monitoredGate([
      { id: "burst", kind: "rate", max: 3, window: "1m", action: "alert" },
    ]);
    const call = gate.agent({ name: "bot", owner: "team" }).guard(tool("crm.read").tool);
    for (let i = 0; i < 3; i++) {
      await call.call({});
      clock.advance(10_000);
    }
    expect(anomalies).toHaveLength(0);
    clock.advance(29_999); // 59.999s after the first call
    await call.call({});
    expect(anomalies).toMatchObject([{ monitor: "burst", kind: "rate", observed: 4, threshold: 3, action: "alert" }]);
    clock.advance(1); // the first call leaves the window: 3 remain
    await call.call({}); // the 4th again
    expect(anomalies).toHaveLength(2);
    clock.advance(60_000);
    await call.call({});
    expect(anomalies).toHaveLength(2);
  });

  it("counts only the tools or tags it selects, loosely", async () => {
    const { gate, anomalies } = monitoredGate([
      { id: "egress", kind: "rate", tags: ["egress"], tools: ["mail.*"], max: 1, window: "1h", action: "alert" },
    ]);
    const agent = gate.agent({ name: "bot", owner: "team" });
    const other = agent.guard(tool("crm.read").tool);
    for (let i = 0; i < 5; i++) await other.call({});
    await agent.guard(tool("http.post", ["Egress"]).tool).call({});
    expect(anomalies).toHaveLength(0);
    await agent.guard(tool("MAIL.send").tool).call({});
    expect(anomalies).toMatchObject([{ monitor: "egress", tool: "MAIL.send" }]);
  });
});

describe("denials", () => {
  it("fires on the refusal past `max`, whatever refused the calls", async () => {
    const { gate, anomalies } = monitoredGate(
      [{ id: "probing", kind: "denials", max: 2, window: "5m", action: "alert" }],
      {
        rules: [{ id: "reads", tools: ["*.read"], effect: "allow" }],
      },
    );
    const agent = gate.agent({ name: "bot", owner: "team" });
    await agent.guard(tool("crm.read").tool).call({});
    await agent.guard(tool("db.drop").tool).safeCall({});
    await agent.guard(tool("crm.read").tool).safeCall({ n: "not a number" } as never); // invalid input
    expect(anomalies).toHaveLength(0);
    await agent.guard(tool("vault.open").tool).safeCall({});
    expect(anomalies).toMatchObject([
      { monitor: "probing", kind: "denials", observed: 3, threshold: 2, detail: "more than 2 refused calls in 5m" },
    ]);
  });
});

describe("fan-out", () => {
  it("over tools: fires on the distinct tool past `max`; the same tools again do not", async () => {
    const { gate, clock, anomalies } = monitoredGate([
      { id: "spread", kind: "fan-out", max: 2, window: "10m", action: "alert" },
    ]);
    const agent = gate.agent({ name: "bot", owner: "team" });
    const [a, b, c] = ["a.read", "b.read", "c.read"].map((name) => agent.guard(tool(name).tool));
    for (let i = 0; i < 3; i++) {
      await a?.call({});
      await b?.call({});
    }
    expect(anomalies).toHaveLength(0);
    await c?.call({});
    expect(anomalies).toMatchObject([
      { monitor: "spread", observed: 3, threshold: 2, detail: "more than 2 distinct tools in 10m" },
    ]);
    clock.advance(600_000);
    await c?.call({});
    expect(anomalies).toHaveLength(1);
  });

  it("over a field: counts distinct values, each element of an array, and never the value itself", async () => {
    const { gate, anomalies, events } = monitoredGate([
      { id: "recipients", kind: "fan-out", tools: ["mail.send"], field: "to", max: 3, window: "1h", action: "alert" },
    ]);
    const send = gate.agent({ name: "bot", owner: "team" }).guard(tool("mail.send").tool);
    await send.call({ to: ["a@x.com", "b@x.com"] });
    await send.call({ to: "a@x.com" });
    await send.call({}); // no recipient: nothing counted
    await send.call({ to: ["c@x.com", "b@x.com"] });
    expect(anomalies).toHaveLength(0);
    await send.call({ to: "d@x.com" });
    expect(anomalies).toMatchObject([
      { observed: 4, threshold: 3, detail: 'more than 3 distinct values of "to" in 1h' },
    ]);
    const recorded = JSON.stringify(await events("anomaly"));
    expect(recorded).toContain("recipients");
    expect(recorded).not.toContain("@x.com");
  });
});

describe("first-use", () => {
  it("after its learning period: a tool never run fires once; run during learning, it does not", async () => {
    const { gate, clock, anomalies } = monitoredGate([
      { id: "new-tool", kind: "first-use", learn: "1d", action: "alert" },
    ]);
    const agent = gate.agent({ name: "bot", owner: "team" });
    await agent.guard(tool("crm.read").tool).call({});
    clock.advance(86_399_999);
    await agent.guard(tool("mail.send").tool).call({}); // still learning
    clock.advance(1);
    await agent.guard(tool("crm.read").tool).call({});
    await agent.guard(tool("mail.send").tool).call({});
    expect(anomalies).toHaveLength(0);
    await agent.guard(tool("deploy").tool).call({});
    expect(anomalies).toMatchObject([
      { monitor: "new-tool", observed: 1, threshold: 0, detail: 'first use of tool "deploy"' },
    ]);
    await agent.guard(tool("deploy").tool).call({}); // it ran: known now
    expect(anomalies).toHaveLength(1);
  });

  it("against a baseline: a tool the baseline has is known, any other is new from the first call", async () => {
    const baseline = baselineOf({ "support-bot": ["email.read", "crm.read"] });
    const { gate, anomalies } = monitoredGate(
      [{ id: "new-tool", kind: "first-use", baseline: true, action: "alert" }],
      {
        baseline,
      },
    );
    const agent = gate.agent({ name: "support-bot", owner: "team" });
    await agent.guard(tool("email.read").tool).call({});
    await agent.guard(tool("crm.read").tool).call({});
    expect(anomalies).toHaveLength(0);
    await agent.guard(tool("file.read").tool).call({});
    expect(anomalies).toMatchObject([{ detail: 'first use of tool "file.read"' }]);
    // A root the baseline never saw: everything it does is a first use.
    await gate.agent({ name: "new-bot", owner: "team" }).guard(tool("email.read").tool).call({});
    expect(anomalies).toHaveLength(2);
  });

  it("of tags: a tool with a tag never seen fires, a new tool with known tags does not", async () => {
    const { gate, clock, anomalies } = monitoredGate([
      { id: "new-tag", kind: "first-use", of: "tags", learn: "1h", action: "alert" },
    ]);
    const agent = gate.agent({ name: "bot", owner: "team" });
    await agent.guard(tool("crm.read", ["crm", "read"]).tool).call({});
    clock.advance(3_600_000);
    await agent.guard(tool("crm.list", ["read", "crm"]).tool).call({});
    expect(anomalies).toHaveLength(0);
    await agent.guard(tool("http.post", ["egress", "read"]).tool).call({});
    expect(anomalies).toMatchObject([{ observed: 1, detail: 'first use of tag "egress"' }]);
  });
});

describe("sequence", () => {
  it("after learning: a sequence of tools never run in a row fires; one run during learning does not", async () => {
    const { gate, clock, anomalies } = monitoredGate([
      { id: "odd", kind: "sequence", length: 3, learn: "1h", action: "alert" },
    ]);
    const agent = gate.agent({ name: "bot", owner: "team" });
    const run = async (...names: string[]) => {
      for (const name of names) await agent.guard(tool(name).tool).call({});
    };
    await run("email.read", "crm.read", "email.reply", "email.read", "crm.read", "email.reply", "email.read");
    clock.advance(3_600_000);
    await run("crm.read", "email.reply", "email.read", "crm.read"); // every triple seen
    expect(anomalies).toHaveLength(0);
    await run("deploy");
    expect(anomalies).toMatchObject([
      {
        monitor: "odd",
        kind: "sequence",
        observed: 1,
        threshold: 0,
        detail: 'the sequence "email.read" → "crm.read" → "deploy" never ran before',
      },
    ]);
  });

  it("against a baseline: the baseline's sequences are known", async () => {
    const baseline = baselineOf({ bot: ["a", "b", "c", "a", "b"] });
    const { gate, anomalies } = monitoredGate(
      [{ id: "odd", kind: "sequence", length: 2, baseline: true, action: "alert" }],
      {
        baseline,
      },
    );
    const agent = gate.agent({ name: "bot", owner: "team" });
    for (const name of ["a", "b", "c", "a"]) await agent.guard(tool(name).tool).call({});
    expect(anomalies).toHaveLength(0);
    await agent.guard(tool("c").tool).call({}); // a → c never ran
    expect(anomalies).toMatchObject([{ detail: 'the sequence "a" → "c" never ran before' }]);
  });
});
