// Attacks on where shadow mode is configured. Shadow mode switches enforcement off for what it covers, so it must
// come only from host code, read once, and never from an inherited property, a rule changed after the gate was
// made, a key put where it does not belong, or a replica whose local view missed a suspension.
import { afterEach, describe, expect, it } from "vitest";
import {
  type Agent,
  createGate,
  definePolicy,
  loadPolicy,
  memoryStore,
  type PolicyDefinition,
  type Store,
} from "../../src/index.js";
import { recordingTool } from "../helpers.js";

const definition: PolicyDefinition = {
  rules: [
    { id: "read", tools: ["crm.read"], effect: "allow" },
    { id: "never-drop", tools: ["db.drop"], effect: "deny" },
  ],
};
const outcome = async (agent: Agent, name: string) => {
  const result = await agent.guard(recordingTool(name).tool).safeCall({});
  return result.ok ? "ran" : result.error.code;
};

describe("a polluted Object.prototype does not switch enforcement off", () => {
  const polluted = Object.prototype as { mode?: string };
  afterEach(() => {
    delete polluted.mode;
  });

  it("an inherited `mode: shadow` is not read for the gate, a root agent, a delegate or a rule", async () => {
    const policy = definePolicy(definition);
    polluted.mode = "shadow";
    const gate = createGate({ policy });
    const bot = gate.agent({ name: "bot", owner: "team" });
    const helper = bot.delegate({ name: "helper", tools: ["*"] });
    expect([bot.mode, helper.mode]).toEqual(["enforce", "enforce"]);
    expect([await outcome(bot, "db.drop"), await outcome(helper, "db.drop")]).toEqual(["TOOL_DENIED", "TOOL_DENIED"]);
    expect(await outcome(bot, "crm.read")).toBe("ran"); // its rules are not all taken for shadow rules either
    expect(await gate.check(bot, "db.drop", {})).toEqual({
      effect: "deny",
      rule: "never-drop",
      reason: expect.any(String),
    });
  });

  it("a policy built while it is polluted is refused, not loaded with every rule in shadow", async () => {
    polluted.mode = "shadow";
    expect(() => definePolicy(definition)).toThrow(/INVALID_POLICY|Invalid policy/);
    await expect(loadPolicy("rules:\n  - { id: never-drop, tools: [db.drop], effect: deny }")).rejects.toThrow(
      /Invalid policy/,
    );
  });
});

describe("a policy cannot be put in shadow after the gate was made", () => {
  it("the rules are frozen: no rule is added, and no rule's mode is changed, at run time", async () => {
    const policy = definePolicy(definition);
    const bot = createGate({ policy }).agent({ name: "bot", owner: "team" });
    const rules = policy.definition.rules as PolicyDefinition["rules"];
    expect(() => rules.push({ id: "all", tools: ["*"], effect: "allow", mode: "shadow" })).toThrow(TypeError);
    expect(() => Object.assign(rules[1] as object, { mode: "shadow" })).toThrow(TypeError);
    expect(await outcome(bot, "db.drop")).toBe("TOOL_DENIED");
  });

  it("a rule whose `mode` getter changes its answer is read once, as it was validated", async () => {
    let reads = 0;
    const flipping = {
      id: "never-drop",
      tools: ["db.drop"],
      effect: "deny" as const,
      get mode() {
        reads++;
        return reads === 1 ? ("enforce" as const) : ("shadow" as const);
      },
    };
    const policy = definePolicy({ rules: [definition.rules[0] as PolicyDefinition["rules"][0], flipping] });
    const bot = createGate({ policy }).agent({ name: "bot", owner: "team" });
    expect(await outcome(bot, "db.drop")).toBe("TOOL_DENIED");
    expect(reads).toBe(1);
    expect(Object.getOwnPropertyDescriptor(policy.definition.rules[1], "mode")).toMatchObject({ value: "enforce" });
  });

  it("a reloaded policy with shadow rules changes no gate made before it", async () => {
    const before = definePolicy(definition);
    const gate = createGate({ policy: before });
    const bot = gate.agent({ name: "bot", owner: "team" });
    await loadPolicy(`
rules:
  - { id: never-drop, tools: [db.drop], effect: deny, mode: shadow }
  - { id: all, tools: ["*"], effect: allow }
`);
    expect(await outcome(bot, "db.drop")).toBe("TOOL_DENIED");
  });

  it("`mode` on a limit, a flow or the policy itself is refused with its path, not taken as shadowing them", async () => {
    const refused = async (yaml: string) => {
      const error = await loadPolicy(yaml).then(
        () => undefined,
        (thrown: Error) => thrown,
      );
      return error?.message;
    };
    expect(await refused("rules: []\nlimits: [{ id: l, tools: [x], max: 1, window: 1h, mode: shadow }]")).toMatch(
      /limits\[0\]\.mode: unknown key \(another kind of entry has it, not this one\)/,
    );
    expect(
      await refused(
        "rules: []\nflows: [{ id: f, after: { tools: [a] }, then: { tools: [b] }, effect: deny, mode: shadow }]",
      ),
    ).toMatch(/flows\[0\]\.mode: unknown key/);
    expect(await refused("mode: shadow\nrules: []")).toMatch(/^ {2}mode: unknown key/m);
  });
});

describe("suspension at the source of truth, in shadow mode", () => {
  // A replica whose local view of suspensions missed one another replica made: admission, which asks the shared
  // state, must still refuse, shadow mode or not.
  function staleReplica(shared: Store): Store {
    const suspensions = new Proxy(shared.suspensions, {
      get: (target, key) => {
        if (key === "find") return () => undefined;
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return {
      local: false,
      admit: (request) => shared.admit(request),
      settle: (settlement) => shared.settle(settlement),
      suspensions,
      grants: shared.grants,
      approvals: shared.approvals,
      agents: shared.agents,
      monitors: shared.monitors,
      once: shared.once,
      close: () => shared.close(),
    };
  }

  it("a shadow gate whose local view missed a suspension refuses at admission, for the agent and its delegate", async () => {
    const shared = memoryStore();
    const policy = definePolicy(definition);
    const other = createGate({ policy, store: shared });
    const gate = createGate({ policy, store: staleReplica(shared), mode: "shadow" });
    const bot = gate.agent({ name: "bot", owner: "team" });
    const helper = bot.delegate({ name: "helper", tools: ["*"] });
    expect(await outcome(bot, "db.drop")).toBe("ran"); // shadow: the would-be denial only recorded
    await other.suspend({ name: "bot" }, "incident on another replica");
    const crm = recordingTool("crm.read");
    for (const who of [bot, helper]) {
      const refused = await who.guard(crm.tool).safeCall({});
      expect(!refused.ok && refused.error).toMatchObject({ code: "AGENT_SUSPENDED", decision: { rule: "suspended" } });
    }
    expect(crm.ran).toEqual([]);
  });
});
