// A rule in shadow: calls are decided by the enforced rules, and the shadow rules' would-be decision is recorded
// where it differs. A policy without shadow rules is decided once, as before.
import { describe, expect, it } from "vitest";
import { decisionPolicies } from "../src/gate/decision-policies.js";
import { createGate, definePolicy, loadPolicy, memorySink, type PolicyDefinition } from "../src/index.js";
import { memoryTracing, recordingTool } from "./helpers.js";

const definition: PolicyDefinition = {
  rules: [
    { id: "files", tools: ["file.*"], effect: "allow" },
    { id: "no-etc", tools: ["file.read"], effect: "deny", when: { path: { startsWith: "/etc" } }, mode: "shadow" },
    { id: "grant-mail", tools: ["email.send"], effect: "allow", mode: "shadow" },
  ],
};

function setup(policy = definePolicy(definition)) {
  const tracing = memoryTracing();
  const sink = memorySink();
  const gate = createGate({ policy, tracerProvider: tracing.tracerProvider, audit: { sink } });
  const agent = gate.agent({ name: "bot", owner: "team" });
  const entries = () => sink.lines.map((line) => JSON.parse(line));
  return { gate, agent, tracing, entries };
}

describe("rules in shadow", () => {
  it("a shadow deny rule never refuses: the call runs, and the would-be denial is recorded", async () => {
    const { agent, tracing, entries } = setup();
    const read = recordingTool("file.read");
    await expect(agent.guard(read.tool).call({ path: "/etc/passwd" })).resolves.toMatchObject({ ok: true });
    expect(read.ran).toHaveLength(1);
    expect((await tracing.only()).attributes).toMatchObject({
      "toolgate.decision.effect": "allow",
      "toolgate.decision.rule": "files",
      "toolgate.decision.shadow.effect": "deny",
      "toolgate.decision.shadow.rule": "no-etc",
      "toolgate.decision.shadow.by": "rule",
    });
    const begin = entries().find((entry) => entry.kind === "begin");
    expect(begin?.decision).toMatchObject({ effect: "allow", rule: "files", shadow: { rule: "no-etc", by: "rule" } });
  });

  it("a shadow allow rule never grants: the call is refused, and the would-be allow is on the refusal", async () => {
    const { agent, entries } = setup();
    const send = recordingTool("email.send");
    const refused = await agent.guard(send.tool).safeCall({});
    expect(send.ran).toEqual([]);
    expect(!refused.ok && refused.error).toMatchObject({
      code: "TOOL_DENIED",
      decision: { effect: "deny", rule: "default-deny", shadow: { effect: "allow", rule: "grant-mail", by: "rule" } },
    });
    const refusal = entries().find((entry) => entry.kind === "refusal");
    expect(refusal?.decision).toMatchObject({ rule: "default-deny", shadow: { effect: "allow", rule: "grant-mail" } });
  });

  it("records nothing extra where the shadow rules agree with the enforced ones", async () => {
    const { gate, agent, tracing } = setup();
    await agent.guard(recordingTool("file.read").tool).call({ path: "/srv/data" });
    expect((await tracing.only()).attributes["toolgate.decision.shadow.effect"]).toBeUndefined();
    expect((await gate.check(agent, "file.read", { path: "/srv" })).shadow).toBeUndefined();
    expect(await gate.check(agent, "file.read", { path: "/etc/x" })).toMatchObject({
      effect: "allow",
      shadow: { effect: "deny", rule: "no-etc" },
    });
  });

  it("a gate in shadow decides with every rule as written, shadow rules included", async () => {
    const gate = createGate({ policy: definePolicy(definition), mode: "shadow" });
    const agent = gate.agent({ name: "bot", owner: "team" });
    expect(await gate.check(agent, "email.send", {})).toMatchObject({
      effect: "allow",
      rule: "grant-mail",
      shadow: { effect: "allow", rule: "grant-mail", by: "gate" },
    });
  });

  it("grants in the inventory are the enforced rules' only", async () => {
    const { gate, agent } = setup();
    await agent.guard(recordingTool("file.read").tool).call({ path: "/srv" });
    const [record] = await gate.inventory();
    expect(record?.grants).toEqual(["files"]);
  });

  it("a policy without shadow rules is decided by its own compiled index alone", () => {
    const plain = definePolicy({ rules: [{ id: "files", tools: ["file.*"], effect: "allow" }] });
    expect(decisionPolicies(plain)).toEqual({ enforced: plain.compiled, asWritten: undefined });
    const shadowed = definePolicy(definition);
    const policies = decisionPolicies(shadowed);
    expect(policies.asWritten).toBe(shadowed.compiled);
    expect(policies.enforced.rules.map((rule) => rule.id)).toEqual(["files"]);
  });

  it("loads `mode` from YAML, and refuses a misspelled mode or the reserved rule id, with the path", async () => {
    const policy = await loadPolicy(`
rules:
  - { id: files, tools: ["file.*"], effect: allow }
  - { id: no-etc, tools: ["file.read"], effect: deny, mode: shadow }
`);
    expect(policy.definition.rules[1]?.mode).toBe("shadow");
    await expect(loadPolicy("rules:\n  - { id: a, tools: [x], effect: deny, mode: shadw }")).rejects.toThrow(
      /rules\[0\]\.mode/,
    );
    await expect(loadPolicy("rules:\n  - { id: a, tools: [x], effect: deny, mdoe: shadow }")).rejects.toThrow(
      /mdoe: unknown key \(did you mean "mode"\?\)/,
    );
    expect(() => definePolicy({ rules: [{ id: "shadow-mode", tools: ["x"], effect: "deny" }] })).toThrow(/reserved/);
  });
});
