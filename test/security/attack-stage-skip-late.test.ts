// Late attacks on the guard that skips the admission and approval stages when the policy alone decides its calls:
// an approval only the policy's `approval.risk` default asks for, a grandparent's rule two delegations up, a rule
// naming a delegate of a delegate, a dry run of the same pair, and state another gate on the same store changes
// (a suspension) or this gate changes after the guard was made (retirement). Each must end as the full pipeline.
import { describe, expect, it } from "vitest";
import {
  type Approver,
  createGate,
  definePolicy,
  defineTool,
  memoryStore,
  type PolicyDefinition,
  passthroughSchema,
} from "../../src/index.js";

const echo = (name: string, risk: "low" | "medium" | "high" = "low") =>
  defineTool({ name, input: passthroughSchema<Record<string, unknown>>(), risk, execute: (input) => input });
const rejecting: Approver = async () => ({ approved: false, by: "secops", reason: "no" });
const outcome = (call: Promise<unknown>) =>
  call.then(
    () => "ran",
    (error: { code?: string }) => error.code ?? "thrown",
  );
const gateOf = (definition: PolicyDefinition, store = memoryStore()) =>
  createGate({ policy: definePolicy(definition), approvers: { secops: rejecting }, store });

describe("a guard the policy alone seems to decide", () => {
  it("asks when only the policy's approval.risk default covers the tool's risk (low included)", async () => {
    const gate = gateOf({
      rules: [{ id: "reads", tools: ["crm.*"], effect: "allow" }],
      approval: { approvers: ["secops"], risk: ["low"] },
    });
    const guard = gate.agent({ name: "bot", owner: "t" }).guard(echo("crm.read", "low"));
    expect(await outcome(guard.call({}))).toBe("APPROVAL_DENIED");
    expect(await outcome(guard.call({}))).toBe("APPROVAL_DENIED");
  });

  it("asks for a delegate of a delegate whose root's rule asks, and where a rule names the grandchild", async () => {
    const allow = { tools: ["crm.*"], effect: "allow" as const };
    const rootAsks = gateOf({
      rules: [
        { ...allow, id: "root", agents: ["lead"], approval: { approvers: ["secops"] } },
        { ...allow, id: "mid", agents: ["helper"], approval: false },
        { ...allow, id: "leaf", agents: ["intern"], approval: false },
      ],
    });
    const leaf = rootAsks
      .agent({ name: "lead", owner: "t" })
      .delegate({ name: "helper", tools: ["crm.*"] })
      .delegate({ name: "intern", tools: ["crm.*"] });
    expect(await outcome(leaf.guard(echo("crm.read")).call({}))).toBe("APPROVAL_DENIED");
    const leafAsks = gateOf({
      rules: [
        { ...allow, id: "root", agents: ["lead"], approval: false },
        { ...allow, id: "leaf", agents: ["intern"], approval: { approvers: ["secops"] } },
      ],
    });
    const intern = leafAsks
      .agent({ name: "lead", owner: "t" })
      .delegate({ name: "helper", tools: ["crm.*"] })
      .delegate({ name: "intern", tools: ["crm.*"] });
    expect(await outcome(intern.guard(echo("crm.read")).call({}))).toBe("APPROVAL_DENIED");
  });

  it("a dry run of the pair agrees with the guard's decision", async () => {
    const gate = gateOf({ rules: [{ id: "reads", tools: ["crm.*"], effect: "allow" }] });
    const agent = gate.agent({ name: "bot", owner: "t" });
    const guard = agent.guard(echo("crm.read"));
    expect(await outcome(guard.call({}))).toBe("ran");
    expect(await gate.check(agent, "crm.read", {})).toMatchObject({ effect: "allow", rule: "reads" });
  });

  it("is refused once another gate on the same store suspends the agent, and runs again once resumed", async () => {
    const store = memoryStore();
    const definition: PolicyDefinition = { rules: [{ id: "reads", tools: ["crm.*"], effect: "allow" }] };
    const here = gateOf(definition, store);
    const there = gateOf(definition, store);
    const agent = here.agent({ name: "bot", owner: "t", id: "bot-1" });
    const guard = agent.guard(echo("crm.read"));
    expect(await outcome(guard.call({}))).toBe("ran");
    for (const target of ["bot-1", { name: "bot" }] as const) {
      await there.suspend(target, "incident");
      expect(await outcome(guard.call({}))).toBe("AGENT_SUSPENDED");
      await there.resume(target);
      expect(await outcome(guard.call({}))).toBe("ran");
    }
  });

  it("is refused after its agent retires, though the guard was made before", async () => {
    const gate = gateOf({ rules: [{ id: "reads", tools: ["crm.*"], effect: "allow" }] });
    const agent = gate.agent({ name: "bot", owner: "t" });
    const guard = agent.guard(echo("crm.read"));
    expect(await outcome(guard.call({}))).toBe("ran");
    await agent.retire();
    await expect(guard.call({})).rejects.toMatchObject({ code: "TOOL_DENIED", decision: { rule: "retired" } });
  });
});
