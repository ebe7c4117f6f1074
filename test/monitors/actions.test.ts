// Each action: alert records and lets the call run; require_approval asks the monitor's approvers for the call that
// fired and through the cool-down; suspend refuses the call that fired and contains the root name, delegates
// included. Every hit is on the span, in the ledger and told to onAnomaly; a failing hook changes nothing.
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createGate, definePolicy, defineTool, type MonitorDefinition } from "../../src/index.js";
import { countingApprover, monitoredGate, outcome, tool } from "./gate.js";

const burst = (action: MonitorDefinition["action"], extra: Partial<MonitorDefinition> = {}) =>
  ({ id: "burst", kind: "rate", max: 2, window: "1m", action, ...extra }) as MonitorDefinition;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("alert", () => {
  it("lets the call run and puts the hit on the span, in the ledger and to the hook", async () => {
    const { gate, anomalies, tracing, events } = monitoredGate([burst("alert")]);
    const { tool: read, ran } = tool("crm.read");
    const agent = gate.agent({ name: "bot", owner: "team" });
    const guarded = agent.guard(read);
    for (let i = 0; i < 3; i++) await guarded.call({});
    expect(ran).toHaveLength(3);
    expect(anomalies).toMatchObject([
      { monitor: "burst", kind: "rate", action: "alert", enforced: true, observed: 3, threshold: 2, root: "bot" },
    ]);
    const spans = await tracing.spans();
    const withEvent = spans.filter((span) => span.events.some((event) => event.name === "toolgate.anomaly"));
    expect(withEvent).toHaveLength(1);
    expect(withEvent[0]?.events.find((event) => event.name === "toolgate.anomaly")?.attributes).toEqual({
      "toolgate.anomaly.monitor": "burst",
      "toolgate.anomaly.kind": "rate",
      "toolgate.anomaly.action": "alert",
      "toolgate.anomaly.enforced": true,
      "toolgate.anomaly.observed": 3,
      "toolgate.anomaly.threshold": 2,
      "toolgate.anomaly.detail": "more than 2 watched calls in 1m",
    });
    expect(await events("anomaly")).toMatchObject([
      {
        data: {
          ...{ monitor: "burst", kind: "rate", action: "alert", enforced: true, observed: 3, threshold: 2 },
          ...{ agentId: agent.id, root: "bot", tool: "crm.read", callId: anomalies[0]?.callId },
        },
      },
    ]);
  });

  it("a hook that throws or rejects is contained: the call runs, a warning says so", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    for (const onAnomaly of [
      () => {
        throw new Error("hook broke");
      },
      () => Promise.reject(new Error("hook broke")) as never,
    ]) {
      const { gate } = monitoredGate([burst("alert", { max: 1 })], { onAnomaly });
      const { tool: read, ran } = tool("crm.read");
      const guarded = gate.agent({ name: "bot", owner: "team" }).guard(read);
      await guarded.call({});
      await expect(guarded.call({})).resolves.toBe("done");
      expect(ran).toHaveLength(2);
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]?.[0])).toContain("hook broke");
  });
});

describe("require_approval", () => {
  const security = () => countingApprover(true);

  it("the call that fires and the calls of the cool-down ask the monitor's approvers; after it, none ask", async () => {
    const { approver, asked } = security();
    const { gate, clock } = monitoredGate(
      [burst("require_approval", { approval: { approvers: ["security"] }, cooldown: "10m" })],
      {
        approvers: { security: approver },
      },
    );
    const { tool: read, ran } = tool("crm.read");
    const guarded = gate.agent({ name: "bot", owner: "team" }).guard(read);
    await guarded.call({});
    await guarded.call({});
    expect(asked).toHaveLength(0);
    await guarded.call({});
    expect(asked).toEqual([
      'monitor "burst" (rate): more than 2 watched calls in 1m; the agent\'s calls need approval for 10m',
    ]);
    clock.advance(120_000); // the window is empty again; the cool-down still runs
    await guarded.call({});
    expect(asked[1]).toBe('monitor "burst" (rate) fired: the agent\'s calls need approval for 8m more');
    clock.advance(480_000);
    await guarded.call({});
    expect(asked).toHaveLength(2);
    expect(ran).toHaveLength(5);
  });

  it("a rejection refuses the call, naming the monitor; a rule's own approval is asked as well", async () => {
    const { approver: rejecting } = countingApprover(false);
    const owner = countingApprover(true);
    const { gate } = monitoredGate([burst("require_approval", { max: 1, approval: { approvers: ["security"] } })], {
      approvers: { security: rejecting, owner: owner.approver },
      rules: [
        { id: "reads", tools: ["crm.read"], effect: "allow" },
        { id: "refunds", tools: ["refund.issue"], effect: "allow", approval: { approvers: ["owner"] } },
      ],
    });
    const agent = gate.agent({ name: "bot", owner: "team" });
    await agent.guard(tool("crm.read").tool).call({});
    const { tool: refund, ran } = tool("refund.issue");
    const result = await agent.guard(refund).safeCall({});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({
      code: "APPROVAL_DENIED",
      decision: { effect: "deny", rule: "refunds+burst", reason: expect.stringContaining('monitor "burst"') },
    });
    expect(owner.asked).toHaveLength(1);
    expect(ran).toHaveLength(0);
  });

  it("falls back to the policy's approvers, and a gate without them is refused when it is created", () => {
    const policy = definePolicy({
      rules: [],
      approval: { approvers: ["secops"] },
      monitors: [burst("require_approval")],
    });
    expect(policy.approvers).toEqual(["secops"]);
    expect(() => createGate({ policy })).toThrow(/approver\(s\) "secops" that this gate lacks/);
    expect(() =>
      definePolicy({ rules: [], monitors: [burst("require_approval", { approval: { approvers: ["cso"] } })] }),
    ).not.toThrow();
    expect(() =>
      createGate({
        policy: definePolicy({
          rules: [],
          monitors: [burst("require_approval", { approval: { approvers: ["cso"] } })],
        }),
      }),
    ).toThrow(/"cso"/);
  });
});

describe("suspend", () => {
  it("refuses the call that fires with AGENT_SUSPENDED naming the monitor, then every call of the name", async () => {
    const { gate, events, anomalies } = monitoredGate([burst("suspend")]);
    const { tool: read, ran } = tool("crm.read");
    const first = gate.agent({ name: "bot", owner: "team" });
    const guarded = first.guard(read);
    await guarded.call({});
    await guarded.call({});
    const fired = await guarded.safeCall({});
    expect(!fired.ok && fired.error).toMatchObject({
      code: "AGENT_SUSPENDED",
      decision: {
        effect: "deny",
        rule: "burst",
        reason: 'monitor "burst" (rate): more than 2 watched calls in 1m; every agent named "bot" is suspended',
      },
    });
    expect(ran).toHaveLength(2);
    const other = gate.agent({ name: "bot", owner: "team" }).guard(tool("mail.send").tool);
    const later = await other.safeCall({});
    expect(!later.ok && later.error).toMatchObject({
      code: "AGENT_SUSPENDED",
      decision: { rule: "suspended", reason: expect.stringContaining('monitor "burst" (rate)') },
    });
    expect(anomalies).toHaveLength(1);
    expect((await gate.inventory()).find((agent) => agent.id === first.id)?.suspended).toMatchObject({
      target: { name: "bot" },
    });
    expect(await events("suspension")).toMatchObject([
      { data: { target: { name: "bot" }, reason: 'monitor "burst" (rate): more than 2 watched calls in 1m' } },
    ]);
  });

  it("stops the agent and its delegates mid-chain: a delegate's burst aborts its siblings' running calls", async () => {
    const { gate } = monitoredGate([burst("suspend", { tools: ["mail.send"] })]);
    const root = gate.agent({ name: "support-bot", owner: "team" });
    const researcher = root.delegate({ name: "researcher", tools: ["*"] });
    const mailer = researcher.delegate({ name: "mailer", tools: ["mail.*"] });
    let started = 0;
    const slow = defineTool({
      name: "file.read",
      input: z.object({}),
      execute: (_input, { signal }) =>
        new Promise((_resolve, reject) => {
          started++;
          signal.addEventListener("abort", () => reject(signal.reason));
        }),
    });
    const reading = researcher.guard(slow).safeCall({});
    await vi.waitFor(() => expect(started).toBe(1));
    const send = mailer.guard(tool("mail.send").tool);
    expect(await outcome(send.safeCall({}))).toBe("ran");
    expect(await outcome(send.safeCall({}))).toBe("ran");
    expect(await outcome(send.safeCall({}))).toBe("AGENT_SUSPENDED:burst");
    // The running tool sees its signal abort with the suspension (its own throw is its failure, as always).
    expect(await reading).toMatchObject({
      ok: false,
      error: { code: "TOOL_FAILED", cause: { code: "AGENT_SUSPENDED" } },
    });
    for (const agent of [root, researcher, mailer, gate.agent({ name: "support-bot", owner: "team" })]) {
      expect(await outcome(agent.guard(tool("crm.read").tool).safeCall({}))).toBe("AGENT_SUSPENDED:suspended");
    }
    await gate.resume({ name: "support-bot" });
    expect(await outcome(root.guard(tool("crm.read").tool).safeCall({}))).toBe("ran");
  });
});

describe("denials monitors act on the calls that follow", () => {
  it("suspend: the refusal past max suspends the name; its own refusals then count no more", async () => {
    const { gate, anomalies } = monitoredGate(
      [{ id: "probing", kind: "denials", max: 2, window: "5m", action: "suspend" }],
      {
        rules: [{ id: "reads", tools: ["*.read"], effect: "allow" }],
      },
    );
    const agent = gate.agent({ name: "bot", owner: "team" });
    const probe = agent.guard(tool("vault.open").tool);
    for (let i = 0; i < 3; i++) expect(await outcome(probe.safeCall({}))).toBe("TOOL_DENIED:default-deny");
    expect(await outcome(agent.guard(tool("crm.read").tool).safeCall({}))).toBe("AGENT_SUSPENDED:suspended");
    for (let i = 0; i < 5; i++) await probe.safeCall({});
    expect(anomalies).toHaveLength(1);
  });

  it("require_approval: the calls after the refusal past max ask, until the cool-down ends", async () => {
    const { approver, asked } = countingApprover(true);
    const { gate, clock } = monitoredGate(
      [{ id: "probing", kind: "denials", max: 1, window: "5m", action: "require_approval", cooldown: "1h" }],
      {
        rules: [{ id: "reads", tools: ["*.read"], effect: "allow" }],
        approval: { approvers: ["security"] },
        approvers: { security: approver },
      },
    );
    const agent = gate.agent({ name: "bot", owner: "team" });
    const read = agent.guard(tool("crm.read").tool);
    await read.call({});
    for (let i = 0; i < 2; i++) await agent.guard(tool("vault.open").tool).safeCall({});
    expect(asked).toHaveLength(0);
    await read.call({});
    expect(asked).toEqual(['monitor "probing" (denials) fired: the agent\'s calls need approval for 1h more']);
    clock.advance(3_600_000);
    await read.call({});
    expect(asked).toHaveLength(1);
  });
});

describe("gate.check", () => {
  it("counts nothing and records nothing, and says what a hit would do", async () => {
    const { gate, anomalies } = monitoredGate([burst("suspend")]);
    const agent = gate.agent({ name: "bot", owner: "team" });
    const { tool: read } = tool("crm.read");
    const guarded = agent.guard(read);
    for (let i = 0; i < 10; i++) expect((await gate.check(agent, read, {})).effect).toBe("allow");
    await guarded.call({});
    await guarded.call({});
    expect(await gate.check(agent, read, {})).toEqual({
      effect: "deny",
      rule: "burst",
      reason: 'monitor "burst" (rate): more than 2 watched calls in 1m; every agent named "bot" would be suspended',
    });
    expect(anomalies).toHaveLength(0);
    expect(await gate.inventory()).toMatchObject([{ suspended: undefined }]);
    expect(await outcome(guarded.safeCall({}))).toBe("AGENT_SUSPENDED:burst");
  });

  it("reports the approval a hit or a cool-down would need", async () => {
    const { approver } = countingApprover(true);
    const { gate } = monitoredGate([burst("require_approval", { max: 1, approval: { approvers: ["security"] } })], {
      approvers: { security: approver },
    });
    const agent = gate.agent({ name: "bot", owner: "team" });
    await agent.guard(tool("crm.read").tool).call({});
    expect(await gate.check(agent, tool("crm.read").tool, {})).toMatchObject({
      effect: "require_approval",
      rule: "burst",
      approval: { steps: [{ approvers: ["security"], quorum: 1 }] },
    });
  });
});
