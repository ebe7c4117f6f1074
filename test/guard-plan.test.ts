// A guard looks up its agent's (and ancestors') candidate rules and its limit draws once, on its first call, and
// decides every later call from them, evaluating conditions only. These tests show that a guard decides every
// call exactly as a fresh lookup does (gate.check has no plan), whatever the calls before it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GuardPlan } from "../src/gate/guard-plan.js";
import { type Agent, createGate, type Decision, definePolicy, type RuleDefinition } from "../src/index.js";
import { recordingTool } from "./helpers.js";

const numRuns = process.env.CI ? 10_000 : 1_000;
const approve = async () => ({ approved: true, by: "test" });

/** The decision a guarded call met: the refusal's, or what a stage saw once the call was decided. */
function decisionsSeen(gate: ReturnType<typeof createGate>) {
  let last: Decision | undefined;
  gate.use(async function watch(call, next) {
    try {
      return await next();
    } finally {
      last = call.decision;
    }
  });
  return async (call: () => Promise<{ ok: boolean; error?: { decision?: Decision } }>) => {
    last = undefined;
    const result = await call();
    return result.ok ? last : result.error?.decision;
  };
}

const strip = (decision: Decision | undefined) =>
  decision && { effect: decision.effect, rule: decision.rule, reason: decision.reason, shadow: decision.shadow };

describe("a guard's plan", () => {
  it("evaluates conditions on every call: an earlier allowed input never lets a later one through", async () => {
    const policy = definePolicy({
      rules: [
        { id: "small", agents: ["bot"], tools: ["refund"], effect: "allow", when: { amount: { lte: 100 } } },
        { id: "no-huge", tools: ["refund"], effect: "deny", when: { amount: { gt: 1000 } } },
      ],
    });
    const gate = createGate({ policy });
    const refund = recordingTool("refund");
    const guarded = gate.agent({ name: "bot", owner: "t" }).guard(refund.tool);
    await expect(guarded.call({ amount: 5 })).resolves.toMatchObject({ ok: true });
    await expect(guarded.call({ amount: 500 })).rejects.toMatchObject({ decision: { rule: "default-deny" } });
    await expect(guarded.call({ amount: 5000 })).rejects.toMatchObject({ decision: { rule: "no-huge" } });
    await expect(guarded.call({ amount: 7 })).resolves.toMatchObject({ ok: true });
    expect(refund.ran).toEqual([{ amount: 5 }, { amount: 7 }]);
  });

  it("is its own agent's and tool's: guards of other agents or tools decide for themselves", async () => {
    const policy = definePolicy({ rules: [{ id: "a-reads", agents: ["a"], tools: ["crm.read"], effect: "allow" }] });
    const gate = createGate({ policy });
    const a = gate.agent({ name: "a", owner: "t" });
    const b = gate.agent({ name: "b", owner: "t" });
    const read = recordingTool("crm.read").tool;
    await expect(a.guard(read).call({})).resolves.toMatchObject({ ok: true });
    await expect(b.guard(read).call({})).rejects.toMatchObject({ decision: { rule: "default-deny" } });
    await expect(a.guard(recordingTool("crm.write").tool).call({})).rejects.toMatchObject({
      decision: { rule: "default-deny" },
    });
    // The first guard still decides as it did.
    await expect(a.guard(read).call({})).resolves.toMatchObject({ ok: true });
  });

  it("decides a delegate within its parent's grant and its own tools, on every call", async () => {
    const policy = definePolicy({
      rules: [
        { id: "parent-files", agents: ["boss"], tools: ["file.*"], effect: "allow" },
        {
          id: "helper-no-etc",
          agents: ["helper"],
          tools: ["file.read"],
          effect: "deny",
          when: { path: { startsWith: "/etc" } },
        },
      ],
    });
    const gate = createGate({ policy });
    const boss = gate.agent({ name: "boss", owner: "t" });
    const helper = boss.delegate({ name: "helper", tools: ["file.read"] });
    const read = helper.guard(recordingTool("file.read").tool);
    const write = helper.guard(recordingTool("file.write").tool);
    for (let i = 0; i < 2; i++) {
      await expect(read.call({ path: "/srv/a" })).resolves.toMatchObject({ ok: true });
      await expect(read.call({ path: "/etc/passwd" })).rejects.toMatchObject({ decision: { rule: "helper-no-etc" } });
      await expect(write.call({})).rejects.toMatchObject({ decision: { rule: "delegation" } });
    }
    // A delegate of an agent the policy grants nothing to: refused by the parent's default deny.
    const stranger = gate.agent({ name: "stranger", owner: "t" }).delegate({ name: "helper", tools: ["file.read"] });
    await expect(stranger.guard(recordingTool("file.read").tool).call({ path: "/srv" })).rejects.toMatchObject({
      decision: { rule: "default-deny", reason: expect.stringContaining('"stranger"') },
    });
  });

  it("keeps the enforced and the as-written decisions apart (shadow rules), call after call", async () => {
    const policy = definePolicy({
      rules: [
        { id: "files", tools: ["file.*"], effect: "allow" },
        { id: "no-etc", tools: ["file.read"], effect: "deny", when: { path: { startsWith: "/etc" } }, mode: "shadow" },
      ],
    });
    const gate = createGate({ policy });
    const seen = decisionsSeen(gate);
    const enforced = gate.agent({ name: "bot", owner: "t" }).guard(recordingTool("file.read").tool);
    const shadowed = gate.agent({ name: "watch", owner: "t", mode: "shadow" }).guard(recordingTool("file.read").tool);
    for (let i = 0; i < 2; i++) {
      expect(await seen(() => enforced.safeCall({ path: "/etc/x" }))).toMatchObject({
        effect: "allow",
        rule: "files",
        shadow: { effect: "deny", rule: "no-etc", by: "rule" },
      });
      expect((await seen(() => enforced.safeCall({ path: "/srv" })))?.shadow).toBeUndefined();
      // An agent in shadow is decided by the rules as written: the shadow deny is what would have happened.
      expect(await seen(() => shadowed.safeCall({ path: "/etc/x" }))).toMatchObject({
        shadow: { effect: "deny", rule: "no-etc", by: "agent" },
      });
    }
  });

  it("reads retirement and suspension per call, not once", async () => {
    const gate = createGate({ policy: definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] }) });
    const bot = gate.agent({ name: "bot", owner: "t" });
    const helper = bot.delegate({ name: "helper", tools: ["*"] });
    const own = bot.guard(recordingTool("t.run").tool);
    const delegated = helper.guard(recordingTool("t.run").tool);
    await expect(own.call({})).resolves.toMatchObject({ ok: true });
    await expect(delegated.call({})).resolves.toMatchObject({ ok: true });
    await gate.suspend(bot.id, "investigating");
    await expect(own.call({})).rejects.toMatchObject({ code: "AGENT_SUSPENDED" });
    await expect(delegated.call({})).rejects.toMatchObject({ code: "AGENT_SUSPENDED" });
    await gate.resume(bot.id);
    await expect(delegated.call({})).resolves.toMatchObject({ ok: true });
    await helper.retire();
    await expect(delegated.call({})).rejects.toMatchObject({ decision: { rule: "retired" } });
    await expect(own.call({})).resolves.toMatchObject({ ok: true });
    await bot.retire();
    await expect(own.call({})).rejects.toMatchObject({ decision: { rule: "retired" } });
  });

  it("draws on the limits of its whole chain, kept per root name across guards", async () => {
    const policy = definePolicy({
      rules: [{ id: "all", tools: ["*"], effect: "allow" }],
      limits: [
        { id: "bot-rate", agents: ["bot"], tools: ["t.run"], max: 3, window: "1h" },
        { id: "helper-each", agents: ["helper"], tools: ["t.*"], max: 1, window: "1h", per: "instance" },
      ],
    });
    const gate = createGate({ policy });
    const bot = gate.agent({ name: "bot", owner: "t" });
    const first = bot.guard(recordingTool("t.run").tool);
    const second = bot.guard(recordingTool("t.run").tool);
    const helper = bot.delegate({ name: "helper", tools: ["t.run"] }).guard(recordingTool("t.run").tool);
    await expect(first.call({})).resolves.toMatchObject({ ok: true });
    await expect(helper.call({})).resolves.toMatchObject({ ok: true });
    // The helper's own per-instance budget is spent; the bot's shared one has one call left.
    await expect(helper.call({})).rejects.toMatchObject({ code: "LIMIT_EXCEEDED", decision: { rule: "helper-each" } });
    await expect(second.call({})).resolves.toMatchObject({ ok: true });
    await expect(first.call({})).rejects.toMatchObject({ code: "LIMIT_EXCEEDED", decision: { rule: "bot-rate" } });
  });

  it("is looked up on the first call, not when the tool is guarded", () => {
    const gate = createGate({ policy: definePolicy({ rules: [] }) });
    const agent: Agent = gate.agent({ name: "bot", owner: "t" });
    let lookups = 0;
    const compiled = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] }).compiled;
    const counted = {
      ...compiled,
      candidates: (name: string, tool: string) => {
        lookups++;
        return compiled.candidates(name, tool);
      },
    };
    const plan = new GuardPlan({ enforced: counted, asWritten: undefined }, agent, recordingTool("t").tool);
    expect(lookups).toBe(0);
    for (let i = 0; i < 3; i++) expect(plan.enforced({}, undefined)).toMatchObject({ effect: "allow", rule: "all" });
    expect(plan.limits).toEqual([]);
    expect(lookups).toBe(2); // one for the rules, one for the limits
    expect(plan.asWritten).toBeUndefined();
  });
});

// Random policies over a few names, globs, conditions, shadow rules and delegates; random sequences of calls.
const names = ["bot", "helper", "sub"] as const;
const tools = ["crm.read", "crm.write", "db.drop"] as const;
const ruleArb = fc.record({
  agents: fc.option(fc.subarray(["bot", "helper", "sub", "h*", "*"], { minLength: 1 }), { nil: undefined }),
  tools: fc.subarray(["crm.read", "crm.write", "db.drop", "crm.*", "*.drop", "*"], { minLength: 1 }),
  effect: fc.constantFrom("allow", "deny"),
  bound: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  shadow: fc.boolean(),
  approval: fc.boolean(),
});
const caseArb = fc.record({
  rules: fc.array(ruleArb, { maxLength: 6 }),
  helperTools: fc.subarray(["crm.read", "crm.write", "db.drop", "crm.*", "*"], { minLength: 1 }),
  subTools: fc.subarray(["crm.read", "crm.write", "db.drop", "*"], { minLength: 1 }),
  mode: fc.constantFrom("enforce", "shadow"),
  calls: fc.array(
    fc.record({
      who: fc.constantFrom(...names),
      tool: fc.constantFrom(...tools),
      amount: fc.integer({ min: 0, max: 20 }),
    }),
    { minLength: 1, maxLength: 8 },
  ),
});

describe("a guard decides as a fresh lookup does", () => {
  it("over random policies, delegates, shadow rules and call sequences (gate.check looks up per call)", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (generated) => {
        const rules = generated.rules.map(
          (rule, i): RuleDefinition => ({
            id: `r${i}`,
            tools: rule.tools,
            effect: rule.effect as RuleDefinition["effect"],
            ...(rule.agents ? { agents: rule.agents } : {}),
            ...(rule.bound === undefined ? {} : { when: { amount: { lte: rule.bound } } }),
            ...(rule.shadow ? { mode: "shadow" as const } : {}),
            ...(rule.approval && rule.effect === "allow" ? { approval: { approvers: ["owner"] } } : {}),
          }),
        );
        const gate = createGate({
          policy: definePolicy({ rules }),
          approvers: { owner: approve },
          mode: generated.mode as "enforce" | "shadow",
        });
        const seen = decisionsSeen(gate);
        const bot = gate.agent({ name: "bot", owner: "t" });
        const helper = bot.delegate({ name: "helper", tools: generated.helperTools });
        const sub = helper.delegate({ name: "sub", tools: generated.subTools });
        const agents = { bot, helper, sub };
        const guards = new Map<string, ReturnType<Agent["guard"]>>();
        for (const { who, tool, amount } of generated.calls) {
          const key = `${who} ${tool}`;
          let guarded = guards.get(key);
          if (!guarded) {
            guarded = agents[who].guard(recordingTool(tool, { risk: tool === "db.drop" ? "high" : "low" }).tool);
            guards.set(key, guarded);
          }
          const input = { amount };
          const fresh = await gate.check(agents[who], tool, input);
          const planned = guarded;
          expect(strip(await seen(() => planned.safeCall(input)))).toEqual(strip(fresh));
        }
      }),
      { numRuns },
    );
  }, 120_000);
});
