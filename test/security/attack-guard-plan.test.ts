// Attacks on the per-guard plan: a guard looks its candidate rules and limit draws up once and keeps them. An
// attacker who can pick the order of calls (warm a guard with a benign call), reuse names (a delegate made again
// under another parent, the same tool on another gate), or hold what a refusal returns must not get a call
// through that a fresh lookup refuses.
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, passthroughSchema } from "../../src/index.js";
import { recordingTool } from "../helpers.js";

const echo = (name: string, risk: "low" | "high" = "low") =>
  defineTool({ name, input: passthroughSchema<Record<string, unknown>>(), risk, execute: (input) => input });

describe("attacks on a guard's plan", () => {
  it("a benign first call does not warm the guard into allowing a hostile one (deny conditions, both readings)", async () => {
    const policy = definePolicy({
      rules: [
        { id: "files", agents: ["bot"], tools: ["file.read"], effect: "allow" },
        { id: "no-etc", tools: ["file.read"], effect: "deny", when: { path: { startsWith: "/etc" } } },
      ],
    });
    const read = createGate({ policy }).agent({ name: "bot", owner: "t" }).guard(echo("file.read"));
    for (let i = 0; i < 3; i++) await expect(read.call({ path: "/srv/data" })).resolves.toEqual({ path: "/srv/data" });
    for (const path of ["/etc/shadow", "/ETC/shadow", " /etc/shadow"]) {
      await expect(read.call({ path })).rejects.toMatchObject({ code: "TOOL_DENIED", decision: { rule: "no-etc" } });
    }
    // A getter that answers benign to a second read is read once, into the value that was decided.
    let reads = 0;
    const flipping = {
      get path() {
        reads++;
        return reads === 1 ? "/etc/shadow" : "/srv/data";
      },
    };
    await expect(read.call(flipping)).rejects.toMatchObject({ decision: { rule: "no-etc" } });
    expect(reads).toBe(1);
  });

  it("a delegate made again under another parent, with the same names, is decided by its own chain", async () => {
    const policy = definePolicy({ rules: [{ id: "lead-crm", agents: ["lead"], tools: ["crm.*"], effect: "allow" }] });
    const gate = createGate({ policy });
    const granted = gate.agent({ name: "lead", owner: "t" }).delegate({ name: "helper", tools: ["crm.read"] });
    const stranger = gate.agent({ name: "intern", owner: "t" }).delegate({ name: "helper", tools: ["crm.read"] });
    const warmed = granted.guard(recordingTool("crm.read").tool);
    await expect(warmed.call({})).resolves.toMatchObject({ ok: true });
    await expect(stranger.guard(recordingTool("crm.read").tool).call({})).rejects.toMatchObject({
      decision: { rule: "default-deny", reason: expect.stringContaining('"intern"') },
    });
  });

  it("a delegate's tools list changed after it was made does not widen a guard made before or after", async () => {
    const policy = definePolicy({ rules: [{ id: "all", agents: ["lead"], tools: ["*"], effect: "allow" }] });
    const lead = createGate({ policy }).agent({ name: "lead", owner: "t" });
    const tools = ["crm.read"];
    const helper = lead.delegate({ name: "helper", tools });
    const before = helper.guard(echo("db.drop"));
    await expect(before.call({})).rejects.toMatchObject({ decision: { rule: "delegation" } });
    tools.push("db.drop");
    await expect(before.call({})).rejects.toMatchObject({ decision: { rule: "delegation" } });
    await expect(helper.guard(echo("db.drop")).call({})).rejects.toMatchObject({ decision: { rule: "delegation" } });
  });

  it("a guard of a retired parent's delegate is refused although it was planned before the retirement", async () => {
    const policy = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] });
    const gate = createGate({ policy });
    const lead = gate.agent({ name: "lead", owner: "t" });
    const helper = lead.delegate({ name: "helper", tools: ["*"] });
    const guarded = helper.guard(echo("crm.read"));
    await expect(guarded.call({})).resolves.toEqual({});
    await lead.retire();
    await expect(guarded.call({})).rejects.toMatchObject({ decision: { rule: "retired" } });
    await expect(gate.check(helper, "crm.read", {})).resolves.toMatchObject({ rule: "retired" });
  });

  it("the same tool on another gate is decided by that gate's policy, not a warmed guard's", async () => {
    const allow = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] });
    const deny = definePolicy({ rules: [{ id: "closed", tools: ["crm.read"], effect: "deny" }] });
    const tool = echo("crm.read");
    const open = createGate({ policy: allow }).agent({ name: "bot", owner: "t" }).guard(tool);
    await expect(open.call({})).resolves.toEqual({});
    const closed = createGate({ policy: deny }).agent({ name: "bot", owner: "t" }).guard(tool);
    await expect(closed.call({})).rejects.toMatchObject({ decision: { rule: "closed" } });
    await expect(open.call({})).resolves.toEqual({});
  });

  it("a per-call executor (invoke) is decided by the guard's plan like call(), and never bypasses it", async () => {
    const policy = definePolicy({
      rules: [{ id: "small", agents: ["bot"], tools: ["pay"], effect: "allow", when: { amount: { lte: 10 } } }],
    });
    const guarded = createGate({ policy }).agent({ name: "bot", owner: "t" }).guard(echo("pay"));
    const ran: unknown[] = [];
    const executor = (input: unknown) => ran.push(input);
    await expect(guarded.invoke({ amount: 5 }, executor)).resolves.toBe(1);
    await expect(guarded.invoke({ amount: 50 }, executor)).rejects.toMatchObject({
      decision: { rule: "default-deny" },
    });
    await expect(guarded.call({ amount: 50 })).rejects.toMatchObject({ decision: { rule: "default-deny" } });
    expect(ran).toEqual([{ amount: 5 }]);
  });

  it("a refusal's decision, kept by the guard for its next calls, cannot be rewritten by who receives it", async () => {
    const policy = definePolicy({ rules: [{ id: "all", agents: ["lead"], tools: ["*"], effect: "allow" }] });
    const gate = createGate({ policy });
    const helper = gate.agent({ name: "lead", owner: "t" }).delegate({ name: "helper", tools: ["crm.read"] });
    const guards = [helper.guard(echo("db.drop")), gate.agent({ name: "other", owner: "t" }).guard(echo("db.drop"))];
    for (const guarded of guards) {
      const first = await guarded.safeCall({});
      if (first.ok) throw new Error("expected a refusal");
      const decision = first.error.decision as { effect: string; rule: string };
      expect(Object.isFrozen(decision)).toBe(true);
      expect(() => {
        decision.effect = "allow";
      }).toThrow(TypeError);
      await expect(guarded.call({})).rejects.toMatchObject({ decision: { effect: "deny", rule: decision.rule } });
    }
  });

  it("the risk default still asks for approval on every call of a high-risk tool", async () => {
    const policy = definePolicy({
      rules: [{ id: "all", tools: ["*"], effect: "allow" }],
      approval: { risk: ["high"], approvers: ["owner"] },
    });
    let asked = 0;
    const gate = createGate({
      policy,
      approvers: {
        owner: async () => {
          asked++;
          return { approved: asked === 1, by: "ann" };
        },
      },
    });
    const drop = gate.agent({ name: "bot", owner: "t" }).guard(echo("db.drop", "high"));
    await expect(drop.call({ n: 1 })).resolves.toEqual({ n: 1 });
    await expect(drop.call({ n: 2 })).rejects.toMatchObject({ code: "APPROVAL_DENIED" });
    expect(asked).toBe(2);
  });
});
