// Shadow mode on a gate or an agent: every call is decided and recorded as what would have happened, and
// proceeds without asking approvers; suspension and invalid input are still enforced, limits still count.
import { describe, expect, it, vi } from "vitest";
import { type Approver, createGate, definePolicy, memorySink, type PolicyDefinition } from "../src/index.js";
import { manualClock, memoryTracing, recordingTool } from "./helpers.js";

const definition: PolicyDefinition = {
  rules: [
    { id: "read", tools: ["crm.read", "email.read"], effect: "allow" },
    { id: "refunds", tools: ["refund.issue"], effect: "allow", approval: { approvers: ["owner"] } },
    { id: "mail", tools: ["email.send"], effect: "allow" },
    { id: "never-drop", tools: ["db.drop"], effect: "deny" },
  ],
  limits: [{ id: "mail-rate", tools: ["email.send"], max: 2, window: "1h" }],
  flows: [
    { id: "untrusted-egress", after: { tools: ["email.read"] }, then: { tools: ["email.send"] }, effect: "deny" },
  ],
};

function setup(mode: "gate" | "agent", owner: Approver = vi.fn(async () => ({ approved: true, by: "alice" }))) {
  const tracing = memoryTracing();
  const sink = memorySink();
  const clock = manualClock();
  const gate = createGate({
    policy: definePolicy(definition),
    approvers: { owner },
    mode: mode === "gate" ? "shadow" : undefined,
    tracerProvider: tracing.tracerProvider,
    audit: { sink },
    clock,
  });
  const agent = gate.agent({ name: "bot", owner: "team", mode: mode === "agent" ? "shadow" : undefined });
  const entries = () => sink.lines.map((line) => JSON.parse(line));
  const begins = () => entries().filter((entry) => entry.kind === "begin");
  return { gate, agent, tracing, entries, begins, owner, clock };
}

describe.each(["gate", "agent"] as const)("shadow mode set on the %s", (by) => {
  it("runs a call the policy denies, recording the would-be denial on the span and the ledger", async () => {
    const { agent, tracing, begins, entries } = setup(by);
    const drop = recordingTool("db.drop");
    const unknown = recordingTool("shell.exec");
    await expect(agent.guard(drop.tool).call({})).resolves.toMatchObject({ ok: true });
    await expect(agent.guard(unknown.tool).call({})).resolves.toMatchObject({ ok: true });
    expect([drop.ran.length, unknown.ran.length]).toEqual([1, 1]);
    const [first, second] = await tracing.spans();
    expect(first?.attributes).toMatchObject({
      "toolgate.decision.effect": "allow",
      "toolgate.decision.rule": "shadow-mode",
      "toolgate.decision.shadow.effect": "deny",
      "toolgate.decision.shadow.rule": "never-drop",
      "toolgate.decision.shadow.by": by,
      "toolgate.outcome": "allowed",
    });
    expect(second?.attributes["toolgate.decision.shadow.rule"]).toBe("default-deny");
    expect(begins().map((entry) => entry.decision)).toEqual([
      {
        effect: "allow",
        rule: "shadow-mode",
        reason: expect.stringMatching(
          /^not enforced \(shadow mode of the .+\): would have been refused by rule "never-drop"/,
        ),
        shadow: { effect: "deny", rule: "never-drop", reason: expect.any(String), by },
      },
      expect.objectContaining({ shadow: expect.objectContaining({ effect: "deny", rule: "default-deny" }) }),
    ]);
    expect(entries().filter((entry) => entry.kind === "refusal")).toEqual([]);
  });

  it("never asks approvers, and records that it would have", async () => {
    const { agent, owner, tracing, begins } = setup(by);
    const refund = recordingTool("refund.issue", { risk: "high" });
    await agent.guard(refund.tool).call({ amount: 500 });
    expect(owner).not.toHaveBeenCalled();
    expect(refund.ran).toHaveLength(1);
    const span = await tracing.only();
    expect(span.attributes).toMatchObject({
      "toolgate.decision.shadow.effect": "require_approval",
      "toolgate.decision.shadow.rule": "refunds",
    });
    expect(span.attributes["toolgate.approval.required"]).toBeUndefined();
    expect(begins()[0]).toMatchObject({ approvals: [], decision: { shadow: { effect: "require_approval" } } });
  });

  it("records a plain allow as shadow too: the ledger says the call was not enforced", async () => {
    const { agent, begins } = setup(by);
    await agent.guard(recordingTool("crm.read").tool).call({});
    expect(begins()[0]?.decision).toMatchObject({
      effect: "allow",
      rule: "read",
      shadow: { effect: "allow", rule: "read", by },
    });
  });

  it("still refuses a suspended agent and its delegates, and invalid input", async () => {
    const { gate, agent, entries } = setup(by);
    const crm = recordingTool("crm.read");
    const helper = agent.delegate({ name: "helper", tools: ["crm.*"] });
    const invalid = await agent.guard(crm.tool).safeCall({ amount: "lots" as unknown as number });
    expect(!invalid.ok && invalid.error.code).toBe("INVALID_INPUT");
    await gate.suspend(agent.id, "incident");
    for (const who of [agent, helper]) {
      const refused = await who.guard(crm.tool).safeCall({});
      expect(!refused.ok && refused.error).toMatchObject({ code: "AGENT_SUSPENDED", decision: { rule: "suspended" } });
    }
    expect(crm.ran).toEqual([]);
    expect(
      entries()
        .filter((e) => e.kind === "refusal")
        .map((e) => e.code),
    ).toEqual(["INVALID_INPUT", "AGENT_SUSPENDED", "AGENT_SUSPENDED"]);
  });

  it("counts limits: past the limit the call runs uncounted, recorded as would-be LIMIT_EXCEEDED", async () => {
    const { agent, tracing } = setup(by);
    const send = recordingTool("email.send");
    for (let i = 0; i < 3; i++) await agent.guard(send.tool).call({});
    expect(send.ran).toHaveLength(3);
    const spans = await tracing.spans();
    expect(spans.map((span) => span.attributes["toolgate.decision.shadow.effect"])).toEqual(["allow", "allow", "deny"]);
    expect(spans[2]?.attributes["toolgate.decision.shadow.rule"]).toBe("mail-rate");
  });

  it("records a flow that would refuse as would-be, and still makes the marks its calls start", async () => {
    const { gate, agent, tracing } = setup(by);
    await agent.guard(recordingTool("email.read").tool).call({});
    const send = recordingTool("email.send");
    await agent.guard(send.tool).call({});
    expect(send.ran).toHaveLength(1);
    const spans = await tracing.spans();
    expect(spans[1]?.attributes["toolgate.decision.shadow.rule"]).toBe("untrusted-egress");
    // The marks are the root name's: an enforced agent of the same name meets them.
    if (by === "agent") {
      const enforced = gate.agent({ name: "bot", owner: "team" });
      expect(await gate.check(enforced, "email.send", {})).toMatchObject({ effect: "deny", rule: "untrusted-egress" });
    }
  });

  it("gate.check reports the decision that applies and the would-be one", async () => {
    const { gate, agent } = setup(by);
    expect(await gate.check(agent, "db.drop", {})).toMatchObject({
      effect: "allow",
      rule: "shadow-mode",
      shadow: { effect: "deny", rule: "never-drop", by },
    });
    expect(await gate.check(agent, "crm.read", {})).toMatchObject({
      effect: "allow",
      rule: "read",
      shadow: { effect: "allow", rule: "read", by },
    });
  });
});

describe("shadow mode across agents", () => {
  it("an agent in shadow leaves every other agent enforced; its delegates run in its mode", async () => {
    const { gate, agent } = setup("agent");
    const other = gate.agent({ name: "other", owner: "team" });
    const helper = agent.delegate({ name: "helper", tools: ["db.*"] });
    const drop = recordingTool("db.drop").tool;
    expect(helper.mode).toBe("shadow");
    await expect(helper.guard(drop).call({})).resolves.toMatchObject({ ok: true });
    const refused = await other.guard(drop).safeCall({});
    expect(!refused.ok && refused.error).toMatchObject({ code: "TOOL_DENIED", decision: { rule: "never-drop" } });
    expect(!refused.ok && refused.error.decision?.shadow).toBeUndefined();
  });

  it("a delegate's tool list is decided like the policy: a call outside it runs, recorded as a would-be denial", async () => {
    const { agent, tracing } = setup("agent");
    const helper = agent.delegate({ name: "helper", tools: ["crm.*"] });
    const send = recordingTool("email.send");
    await helper.guard(send.tool).call({});
    expect(send.ran).toHaveLength(1);
    expect((await tracing.only()).attributes).toMatchObject({
      "toolgate.decision.rule": "shadow-mode",
      "toolgate.decision.shadow.effect": "deny",
      "toolgate.decision.shadow.rule": "delegation",
    });
  });

  it("the gate's shadow mode wins over an agent's enforce", async () => {
    const { gate } = setup("gate");
    const strict = gate.agent({ name: "strict", owner: "team", mode: "enforce" });
    expect(await gate.check(strict, "db.drop", {})).toMatchObject({ effect: "allow", shadow: { by: "gate" } });
  });

  it("a call the policy would refuse is not counted against limits, as enforcement would not count it", async () => {
    const clock = manualClock();
    const policy = definePolicy({
      rules: [{ id: "mail", tools: ["email.send"], effect: "allow", when: { amount: { lte: 10 } } }],
      limits: [{ id: "mail-rate", tools: ["email.send"], max: 1, window: "1h" }],
    });
    const shadowGate = createGate({ policy, mode: "shadow", clock });
    const bot = shadowGate.agent({ name: "bot", owner: "team" });
    const send = bot.guard(recordingTool("email.send").tool);
    await send.call({ amount: 100 }); // would be denied by default-deny: not counted
    expect(await shadowGate.check(bot, "email.send", { amount: 1 })).toMatchObject({ shadow: { effect: "allow" } });
    await send.call({ amount: 1 });
    expect(await shadowGate.check(bot, "email.send", { amount: 1 })).toMatchObject({ shadow: { rule: "mail-rate" } });
  });
});
