// A guard whose calls the policy alone decides skips the admission and approval stages (tracing off or on). Each
// attack below is a way the skipped stages could still have had something to decide — an approval a rule, a risk,
// an ancestor or a monitor asks for, a limit of the name or an ancestor's, a flow, shadow mode, shadow rules, a
// shared store — or a way the shorter pipeline could lose a check the longer one keeps (suspension, retirement,
// a stage added later, next() twice). Where it helps, the same calls run through a twin gate that can never skip
// (an unrelated flow keeps every stage): both must end alike, decision for decision.
import { describe, expect, it, vi } from "vitest";
import { GuardPlan } from "../../src/gate/guard-plan.js";
import {
  type Agent,
  type Approver,
  createGate,
  type Decision,
  definePolicy,
  defineTool,
  type FlowDefinition,
  type GateOptions,
  memoryStore,
  type PolicyDefinition,
  passthroughSchema,
  type RuleDefinition,
  type Store,
} from "../../src/index.js";
import { manualClock, memoryTracing } from "../helpers.js";

type Risk = "low" | "medium" | "high" | "critical";

const echo = (name: string, risk: Risk = "low") =>
  defineTool({ name, input: passthroughSchema<Record<string, unknown>>(), risk, execute: (input) => input });

// Never selects the tools below: it only keeps the admission stage in every guard's pipeline.
const UNRELATED_FLOW: FlowDefinition = {
  id: "unrelated",
  after: { tools: ["zz.a"] },
  then: { tools: ["zz.b"] },
  effect: "deny",
};

const rejecting: Approver = async () => ({ approved: false, by: "secops", reason: "no" });

interface Ending {
  readonly outcome: string;
  readonly decision: Decision | undefined;
}

/** Runs `calls` through `make`'s guard, each ending as its code (or "ran") and the decision a stage saw. */
async function endings(
  definition: PolicyDefinition,
  options: Partial<GateOptions>,
  make: (gate: ReturnType<typeof createGate>) => { guard: { call(input: unknown): Promise<unknown> } },
  calls: readonly unknown[],
): Promise<Ending[]> {
  const policy = definePolicy(definition);
  const gate = createGate({ policy, approvers: { secops: rejecting }, clock: manualClock(), ...options });
  const seen: (Decision | undefined)[] = [];
  gate.use(async (call, next) => {
    try {
      return await next();
    } finally {
      seen.push(call.decision);
    }
  });
  const { guard } = make(gate);
  const out: Ending[] = [];
  for (const input of calls) {
    const outcome = await guard.call(input).then(
      () => "ran",
      (error: { code?: string }) => error.code ?? "thrown",
    );
    out.push({ outcome, decision: seen.at(-1) });
  }
  return out;
}

/** The same calls through the gate as given and through its twin that keeps every stage: they must agree. */
async function twins(
  definition: PolicyDefinition,
  make: Parameters<typeof endings>[2],
  calls: readonly unknown[],
  options: Partial<GateOptions> = {},
): Promise<Ending[]> {
  const skipping = await endings(definition, options, make, calls);
  const full = await endings(
    { ...definition, flows: [...(definition.flows ?? []), UNRELATED_FLOW] },
    options,
    make,
    calls,
  );
  expect(skipping).toEqual(full);
  return skipping;
}

const bot =
  (tool = echo("crm.read")) =>
  (gate: ReturnType<typeof createGate>) => ({
    guard: gate.agent({ name: "bot", owner: "t" }).guard(tool),
  });

describe("a guard that skips the admission and approval stages", () => {
  it("is the plain allowed guard only: any rule, risk or limit of the chain that can ask or count keeps them", () => {
    const plan = (definition: PolicyDefinition, tool = echo("crm.read"), delegate = false) => {
      const gate = createGate({ policy: definePolicy(definition), approvers: { secops: rejecting } });
      const lead: Agent = gate.agent({ name: "lead", owner: "t" });
      const agent = delegate ? lead.delegate({ name: "helper", tools: ["crm.*"] }) : lead;
      const enforced = definePolicy(definition).compiled;
      return new GuardPlan({ enforced, asWritten: undefined }, agent, tool, true).policyAlone;
    };
    const allow = { id: "reads", tools: ["crm.*"], effect: "allow" } satisfies RuleDefinition;
    expect(plan({ rules: [allow] })).toBe(true);
    expect(plan({ rules: [{ ...allow, approval: { approvers: ["secops"] } }] })).toBe(false);
    // The tool's risk needs approval by default and the rule is silent about it.
    expect(plan({ rules: [allow] }, echo("crm.read", "high"))).toBe(false);
    expect(plan({ rules: [{ ...allow, approval: false }] }, echo("crm.read", "high"))).toBe(true);
    // An ancestor's rule asks; the delegate's own rules say nothing about approval.
    expect(
      plan(
        {
          rules: [
            { ...allow, agents: ["lead"], approval: { approvers: ["secops"] } },
            { ...allow, id: "own", agents: ["helper"] },
          ],
        },
        echo("crm.read"),
        true,
      ),
    ).toBe(false);
    // A conditional rule that asks only for some inputs still asks for the guard.
    expect(
      plan({
        rules: [allow, { ...allow, id: "big", approval: { approvers: ["secops"] }, when: { amount: { gt: 100 } } }],
      }),
    ).toBe(false);
    expect(plan({ rules: [allow], limits: [{ id: "rate", tools: ["crm.*"], max: 5, window: "1m" }] })).toBe(false);
    expect(
      plan(
        { rules: [allow], limits: [{ id: "rate", agents: ["lead"], tools: ["crm.*"], max: 5, window: "1m" }] },
        echo("crm.read"),
        true,
      ),
    ).toBe(false);
    // The gate said its store, flows, monitors or shadow rules can decide: never skipped, whatever the guard.
    const compiled = definePolicy({ rules: [allow] }).compiled;
    const agent = createGate({ policy: definePolicy({ rules: [allow] }) }).agent({ name: "bot", owner: "t" });
    expect(new GuardPlan({ enforced: compiled, asWritten: undefined }, agent, echo("crm.read")).policyAlone).toBe(
      false,
    );
  });

  it("still asks the approvers a rule names, only for the inputs its condition picks", async () => {
    const definition: PolicyDefinition = {
      rules: [
        { id: "reads", tools: ["crm.*"], effect: "allow" },
        {
          id: "big",
          tools: ["crm.*"],
          effect: "allow",
          approval: { approvers: ["secops"] },
          when: { amount: { gt: 100 } },
        },
      ],
    };
    const ended = await twins(definition, bot(), [{ amount: 1 }, { amount: 500 }]);
    expect(ended.map((ending) => ending.outcome)).toEqual(["ran", "APPROVAL_DENIED"]);
  });

  it("still asks for a high-risk tool under a silent rule, and for a delegate whose ancestor's rule asks", async () => {
    const allow = { id: "reads", tools: ["crm.*"], effect: "allow" } satisfies RuleDefinition;
    const risky = await twins({ rules: [allow], approval: { approvers: ["secops"] } }, bot(echo("crm.read", "high")), [
      {},
    ]);
    expect(risky.map((ending) => ending.outcome)).toEqual(["APPROVAL_DENIED"]);
    const delegated = await twins(
      {
        rules: [
          { ...allow, agents: ["lead"], approval: { approvers: ["secops"] } },
          { ...allow, id: "own", agents: ["helper"] },
        ],
      },
      (gate) => ({
        guard: gate
          .agent({ name: "lead", owner: "t" })
          .delegate({ name: "helper", tools: ["crm.*"] })
          .guard(echo("crm.read")),
      }),
      [{}],
    );
    expect(delegated.map((ending) => ending.outcome)).toEqual(["APPROVAL_DENIED"]);
  });

  it("still counts a limit on the tool, and a delegate's calls against its ancestor's budget", async () => {
    const allow = { id: "reads", tools: ["crm.*"], effect: "allow" } satisfies RuleDefinition;
    const own = await twins(
      { rules: [allow], limits: [{ id: "rate", tools: ["crm.read"], max: 2, window: "1h" }] },
      bot(),
      [{}, {}, {}],
    );
    expect(own.map((ending) => ending.outcome)).toEqual(["ran", "ran", "LIMIT_EXCEEDED"]);
    const gate = createGate({
      policy: definePolicy({
        rules: [allow],
        limits: [{ id: "lead-rate", agents: ["lead"], tools: ["crm.*"], max: 1, window: "1h" }],
      }),
    });
    const lead = gate.agent({ name: "lead", owner: "t" });
    await expect(
      lead
        .delegate({ name: "helper", tools: ["crm.*"] })
        .guard(echo("crm.read"))
        .call({}),
    ).resolves.toEqual({});
    await expect(lead.guard(echo("crm.read")).call({})).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
  });

  it("still refuses the second leg of a deny flow, and asks where a monitor requires approval", async () => {
    const policy = definePolicy({
      rules: [{ id: "all", tools: ["*"], effect: "allow" }],
      flows: [
        { id: "exfil", after: { tools: ["crm.read"] }, then: { tools: ["mail.send"] }, effect: "deny", window: "1h" },
      ],
    });
    const agent = createGate({ policy }).agent({ name: "bot", owner: "t" });
    const send = agent.guard(echo("mail.send"));
    await expect(send.call({})).resolves.toEqual({});
    await expect(agent.guard(echo("crm.read")).call({})).resolves.toEqual({});
    await expect(send.call({})).rejects.toMatchObject({ code: "TOOL_DENIED", decision: { rule: "exfil" } });

    const burst = { id: "burst", kind: "rate", max: 1, window: "1h", action: "require_approval" } as const;
    const ended = await twins(
      { rules: [{ id: "all", tools: ["*"], effect: "allow" }], monitors: [burst], approval: { approvers: ["secops"] } },
      bot(),
      [{}, {}, {}],
    );
    expect(ended.map((ending) => ending.outcome)).toEqual(["ran", "APPROVAL_DENIED", "APPROVAL_DENIED"]);
  });

  it("records shadow mode's and shadow rules' would-be decisions as the full pipeline does", async () => {
    const definition: PolicyDefinition = { rules: [{ id: "reads", tools: ["crm.*"], effect: "allow" }] };
    const shadowGate = await twins(definition, bot(), [{}], { mode: "shadow" });
    expect(shadowGate[0]?.decision).toMatchObject({ rule: "reads", shadow: { effect: "allow", by: "gate" } });
    const shadowAgent = await twins(
      definition,
      (gate) => ({ guard: gate.agent({ name: "bot", owner: "t", mode: "shadow" }).guard(echo("crm.read")) }),
      [{}],
    );
    expect(shadowAgent[0]?.decision).toMatchObject({ shadow: { effect: "allow", by: "agent" } });
    const trial = await twins(
      { rules: [...definition.rules, { id: "trial", tools: ["crm.read"], effect: "deny", mode: "shadow" }] },
      bot(),
      [{}],
    );
    expect(trial[0]).toMatchObject({
      outcome: "ran",
      decision: { rule: "reads", shadow: { effect: "deny", rule: "trial" } },
    });
  });

  it("a shared store still admits every call: a suspension its local view missed refuses", async () => {
    const shared = memoryStore();
    // This replica's view of suspensions never hears of any; the shared state does.
    const suspensions = new Proxy(shared.suspensions, {
      get: (target, key) => {
        if (key === "find") return () => undefined;
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const stale: Store = {
      ...{ local: false, suspensions },
      admit: (request) => shared.admit(request),
      settle: (settlement) => shared.settle(settlement),
      ...{ grants: shared.grants, approvals: shared.approvals, agents: shared.agents, monitors: shared.monitors },
      once: shared.once,
      close: () => shared.close(),
    };
    const policy = definePolicy({ rules: [{ id: "reads", tools: ["crm.*"], effect: "allow" }] });
    const other = createGate({ policy, store: shared });
    const guard = createGate({ policy, store: stale }).agent({ name: "bot", owner: "t" }).guard(echo("crm.read"));
    await expect(guard.call({})).resolves.toEqual({});
    await other.suspend({ name: "bot" }, "incident on another replica");
    await expect(guard.call({})).rejects.toMatchObject({ code: "AGENT_SUSPENDED" });
  });

  it("keeps suspension, retirement, stages added later and the double next() check", async () => {
    const policy = definePolicy({ rules: [{ id: "reads", tools: ["crm.*"], effect: "allow" }] });
    const gate = createGate({ policy });
    const agent = gate.agent({ name: "bot", owner: "t" });
    const execute = vi.fn((input: Record<string, unknown>) => input);
    const guard = agent.guard(
      defineTool({ name: "crm.read", input: passthroughSchema<Record<string, unknown>>(), execute }),
    );
    await expect(guard.call({ n: 1 })).resolves.toEqual({ n: 1 });
    await gate.suspend(agent.id, "incident");
    await expect(guard.call({ n: 2 })).rejects.toMatchObject({ code: "AGENT_SUSPENDED" });
    await gate.resume(agent.id);
    gate.use(async (_call, next) => {
      await next();
      return next();
    });
    await expect(guard.call({ n: 3 })).rejects.toMatchObject({ code: "PIPELINE_ERROR" });
    expect(execute).toHaveBeenCalledTimes(2);
    await agent.retire();
    await expect(guard.call({ n: 4 })).rejects.toMatchObject({ code: "TOOL_DENIED", decision: { rule: "retired" } });
    expect(execute).toHaveBeenCalledTimes(2);
  });

  it("a traced call through the shorter pipeline leaves the same record: one span, decided and allowed", async () => {
    const tracing = memoryTracing();
    const policy = definePolicy({ rules: [{ id: "reads", tools: ["crm.*"], effect: "allow" }] });
    const guard = createGate({ policy, tracerProvider: tracing.tracerProvider })
      .agent({ name: "bot", owner: "t" })
      .guard(echo("crm.read"));
    await expect(guard.call({ a: 1 })).resolves.toEqual({ a: 1 });
    const span = await tracing.only();
    expect(span.attributes).toMatchObject({ "toolgate.decision.rule": "reads", "toolgate.outcome": "allowed" });
  });
});
