// Attacks on monitors: an agent (driven by a hostile model) tries to do what a monitor stops without it firing —
// by interleaving other tools, rotating instances, spreading the work over delegates, changing conversations or
// the spelling of its name, hiding refused steps in a sequence, bursting concurrently, or learning through dry runs.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { baselineOf, defineTool } from "../../src/index.js";
import { monitoredGate, outcome, tool } from "../monitors/gate.js";

describe("interleaving other tools", () => {
  it("benign calls between egress calls do not dilute a rate monitor on the egress tag", async () => {
    const { gate, anomalies } = monitoredGate([
      { id: "egress-burst", kind: "rate", tags: ["egress"], max: 5, window: "1h", action: "suspend" },
    ]);
    const agent = gate.agent({ name: "bot", owner: "team" });
    const post = agent.guard(tool("http.post", ["egress"]).tool);
    const benign = agent.guard(tool("crm.read").tool);
    for (let i = 0; i < 5; i++) {
      await benign.call({});
      expect(await outcome(post.safeCall({}))).toBe("ran");
      await benign.call({});
    }
    expect(await outcome(post.safeCall({}))).toBe("AGENT_SUSPENDED:egress-burst");
    expect(anomalies).toHaveLength(1);
  });

  it("refused calls slipped between the steps of a sequence do not break it up", async () => {
    const baseline = baselineOf({ bot: ["email.read", "email.reply", "email.read", "email.reply"] });
    const { gate, anomalies } = monitoredGate(
      [{ id: "odd", kind: "sequence", length: 2, baseline: true, action: "suspend" }],
      {
        baseline,
        rules: [{ id: "mail", tools: ["email.*", "deploy"], effect: "allow", approval: false }],
      },
    );
    const agent = gate.agent({ name: "bot", owner: "team" });
    await agent.guard(tool("email.read").tool).call({});
    // Denied calls never ran: they are not in the history, and cannot make "email.read → deploy" look different.
    for (const name of ["db.drop", "vault.open"]) await agent.guard(tool(name).tool).safeCall({});
    expect(await outcome(agent.guard(tool("deploy").tool).safeCall({}, { conversationId: "another" }))).toBe(
      "AGENT_SUSPENDED:odd",
    );
    expect(anomalies).toMatchObject([{ detail: 'the sequence "email.read" → "deploy" never ran before' }]);
  });

  it("interleaving successes does not reset a denials count", async () => {
    const { gate, anomalies } = monitoredGate(
      [{ id: "probing", kind: "denials", max: 3, window: "1h", action: "alert" }],
      {
        rules: [{ id: "reads", tools: ["*.read"], effect: "allow" }],
      },
    );
    const agent = gate.agent({ name: "bot", owner: "team" });
    for (let i = 0; i < 4; i++) {
      await agent.guard(tool("crm.read").tool).call({});
      await agent.guard(tool(`secret${i}.open`).tool).safeCall({});
    }
    expect(anomalies).toHaveLength(1);
  });
});

describe("rotating identities", () => {
  it("a fresh instance per call, retiring the old one, conversations and spellings changing, still counts once", async () => {
    const { gate, anomalies } = monitoredGate([{ id: "burst", kind: "rate", max: 5, window: "1h", action: "suspend" }]);
    const spellings = ["support-bot", "Support-Bot", "SUPPORT-BOT", "ｓｕｐｐｏｒｔ-ｂｏｔ", "support-bot"];
    for (const [index, name] of spellings.entries()) {
      const instance = gate.agent({ name, owner: "team" });
      expect(await outcome(instance.guard(tool("crm.read").tool).safeCall({}, { conversationId: `c-${index}` }))).toBe(
        "ran",
      );
      await instance.retire();
    }
    const last = gate.agent({ name: "support-bot", owner: "team" });
    expect(await outcome(last.guard(tool("crm.read").tool).safeCall({}, { conversationId: "fresh" }))).toBe(
      "AGENT_SUSPENDED:burst",
    );
    expect(anomalies).toHaveLength(1);
  });

  it("work spread over many delegates counts for their root, and the suspension stops them all", async () => {
    const { gate } = monitoredGate([
      { id: "spread", kind: "fan-out", field: "path", max: 9, window: "1h", action: "suspend" },
    ]);
    const root = gate.agent({ name: "support-bot", owner: "team" });
    const delegates = Array.from({ length: 10 }, (_, i) =>
      root.delegate({ name: `worker-${i}`, tools: ["file.read"] }),
    );
    const results = [];
    for (const [i, delegate] of delegates.entries()) {
      results.push(await outcome(delegate.guard(tool("file.read").tool).safeCall({ path: `/srv/data/${i}` })));
    }
    expect(results.slice(0, 9)).toEqual(Array(9).fill("ran"));
    expect(results[9]).toBe("AGENT_SUSPENDED:spread");
    for (const delegate of delegates) {
      expect(await outcome(delegate.guard(tool("file.read").tool).safeCall({ path: "/srv/data/0" }))).toBe(
        "AGENT_SUSPENDED:suspended",
      );
    }
  });

  it("a new instance does not start a learning period of its own", async () => {
    const { gate, clock, anomalies } = monitoredGate([
      { id: "new-tool", kind: "first-use", learn: "1d", action: "alert" },
    ]);
    await gate.agent({ name: "bot", owner: "team" }).guard(tool("crm.read").tool).call({});
    clock.advance(86_400_000);
    await gate.agent({ name: "bot", owner: "team", id: "agt_rebuilt" }).guard(tool("deploy").tool).call({});
    expect(anomalies).toHaveLength(1);
  });
});

describe("bursting concurrently", () => {
  it("50 concurrent calls against a suspend monitor of max 5: at most 5 tools ever start", async () => {
    const { gate } = monitoredGate([{ id: "burst", kind: "rate", max: 5, window: "1h", action: "suspend" }]);
    let started = 0;
    const slow = defineTool({
      name: "refund.issue",
      input: z.object({}),
      execute: async () => {
        started++;
        await new Promise((resolve) => setImmediate(resolve));
        return "refunded";
      },
    });
    const agent = gate.agent({ name: "bot", owner: "team" });
    const guarded = agent.guard(slow);
    const results = await Promise.all(Array.from({ length: 50 }, () => guarded.safeCall({})));
    expect(started).toBeLessThanOrEqual(5);
    expect(results.filter((result) => result.ok).length).toBeLessThanOrEqual(5);
    expect(results.filter((result) => !result.ok && result.error.code === "AGENT_SUSPENDED")).toHaveLength(
      50 - results.filter((result) => result.ok).length,
    );
  });
});

describe("dry runs teach and count nothing", () => {
  it("checking a new tool a thousand times neither learns it nor fills the window", async () => {
    const { gate, clock, anomalies } = monitoredGate([
      { id: "new-tool", kind: "first-use", learn: "1h", action: "alert" },
      { id: "burst", kind: "rate", max: 3, window: "1h", action: "alert" },
    ]);
    const agent = gate.agent({ name: "bot", owner: "team" });
    await agent.guard(tool("crm.read").tool).call({}); // the learning period starts
    for (let i = 0; i < 1_000; i++) await gate.check(agent, tool("deploy").tool, {});
    clock.advance(3_600_000);
    await agent.guard(tool("deploy").tool).call({});
    expect(anomalies.map((anomaly) => anomaly.monitor)).toEqual(["new-tool"]);
  });
});

describe("dry runs of refused calls", () => {
  it("a hundred checks of a denied tool count no refusals: the agent is neither suspended nor flagged", async () => {
    const { gate, anomalies } = monitoredGate(
      [{ id: "probing", kind: "denials", max: 2, window: "1h", action: "suspend" }],
      { rules: [{ id: "reads", tools: ["*.read"], effect: "allow", approval: false }] },
    );
    const agent = gate.agent({ name: "bot", owner: "team" });
    for (let i = 0; i < 100; i++) {
      expect(await gate.check(agent, tool("vault.open").tool, {})).toMatchObject({ effect: "deny" });
    }
    expect(anomalies).toHaveLength(0);
    expect(await outcome(agent.guard(tool("crm.read").tool).safeCall({}))).toBe("ran");
    for (let i = 0; i < 3; i++) await agent.guard(tool("vault.open").tool).safeCall({}); // real refusals do count
    expect(anomalies).toMatchObject([{ monitor: "probing", observed: 3 }]);
  });
});

describe("pacing around the window", () => {
  it("a burst split across a minute boundary is one burst: the window slides, it does not reset", async () => {
    const { gate, clock, anomalies } = monitoredGate([
      { id: "burst", kind: "rate", max: 5, window: "1m", action: "alert" },
    ]);
    const read = gate.agent({ name: "bot", owner: "team" }).guard(tool("crm.read").tool);
    clock.advance(55_000);
    for (let i = 0; i < 5; i++) await read.call({});
    clock.advance(10_000); // a fixed one-minute window would have started over here
    await read.call({});
    expect(anomalies).toMatchObject([{ monitor: "burst", observed: 6 }]);
  });
});

describe("rotating and hiding fan-out values", () => {
  const recipientsTool = defineTool({
    name: "mail.send",
    input: z.object({
      recipients: z.array(z.object({ email: z.string() })).optional(),
      to: z.array(z.array(z.string())).optional(),
    }),
    execute: () => "sent",
  });

  it("other spellings of one path count as other values (the stricter reading)", async () => {
    const { gate, anomalies } = monitoredGate([
      { id: "sweep", kind: "fan-out", field: "path", max: 2, window: "1h", action: "alert" },
    ]);
    const read = gate.agent({ name: "bot", owner: "team" }).guard(tool("file.read").tool);
    for (const path of ["/srv/a", "/SRV/a", "/srv/./a"]) await read.call({ path });
    expect(anomalies).toMatchObject([{ monitor: "sweep", observed: 3 }]);
  });

  it("values under a list of objects, or in nested lists, are each counted", async () => {
    const { gate, anomalies } = monitoredGate([
      { id: "by-email", kind: "fan-out", field: "recipients.email", max: 2, window: "1h", action: "alert" },
      { id: "by-to", kind: "fan-out", field: "to", max: 2, window: "1h", action: "alert" },
    ]);
    const send = gate.agent({ name: "bot", owner: "team" }).guard(recipientsTool);
    await send.call({ recipients: [{ email: "a@x.io" }, { email: "b@x.io" }, { email: "c@x.io" }] });
    await send.call({ to: [["a@x.io", "b@x.io"], ["c@x.io"]] });
    expect(anomalies).toMatchObject([
      { monitor: "by-email", observed: 3 },
      { monitor: "by-to", observed: 3 },
    ]);
  });

  it("returning to the first values after rotating through many still fires, window after window", async () => {
    const { gate, clock, anomalies } = monitoredGate([
      { id: "sweep", kind: "fan-out", field: "path", max: 3, window: "1h", action: "alert" },
    ]);
    const read = gate.agent({ name: "bot", owner: "team" }).guard(tool("file.read").tool);
    for (let i = 0; i < 8; i++) await read.call({ path: `/srv/${i}` });
    const fired = anomalies.length;
    for (let i = 0; i < 3; i++) await read.call({ path: `/srv/${i}` }); // the oldest values, seen again
    expect(fired).toBe(5);
    expect(anomalies).toHaveLength(8);
    clock.advance(3_600_001);
    for (let i = 0; i < 4; i++) await read.call({ path: `/srv/${i}` });
    expect(anomalies).toHaveLength(9);
  });
});

describe("racing a first use", () => {
  it("ten concurrent calls of a tool never run: each fires, none starts (nothing is learned before a tool runs)", async () => {
    const { gate, clock, anomalies } = monitoredGate([
      { id: "new-tool", kind: "first-use", learn: "1h", action: "suspend" },
    ]);
    const agent = gate.agent({ name: "bot", owner: "team" });
    await agent.guard(tool("crm.read").tool).call({});
    clock.advance(3_600_000);
    const deploy = tool("deploy");
    const guarded = agent.guard(deploy.tool);
    const results = await Promise.all(Array.from({ length: 10 }, () => outcome(guarded.safeCall({}))));
    expect(deploy.ran).toHaveLength(0);
    // The monitor's own refusal, or the suspension it recorded (for the calls that came after it).
    for (const result of results) expect(["AGENT_SUSPENDED:new-tool", "AGENT_SUSPENDED:suspended"]).toContain(result);
    expect(results[0]).toBe("AGENT_SUSPENDED:new-tool");
    expect(anomalies.length).toBeGreaterThanOrEqual(1);
  });
});
