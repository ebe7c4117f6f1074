// Review attacks on shadow mode that held: a shadow rule placed to weaken an enforced deny, flow or limit, and
// shadow calls used to leave state behind (grants, remembered rejections, marks, counts) that an enforced gate
// then trusts. The safe outcome: enforcement decides as if the shadow rules and calls had granted nothing.
import { describe, expect, it, vi } from "vitest";
import { type Approver, createGate, definePolicy, memoryStore } from "../../src/index.js";
import { manualClock, recordingTool } from "../helpers.js";

describe("a shadow rule never weakens what is enforced", () => {
  const policy = definePolicy({
    rules: [
      { id: "trial-open", tools: ["db.*", "http.*"], effect: "allow", approval: false, mode: "shadow" },
      { id: "reads", tools: ["db.read"], effect: "allow" },
      { id: "never-drop", tools: ["db.drop"], effect: "deny" },
      { id: "egress", tools: ["http.post"], effect: "allow" },
    ],
    limits: [{ id: "one-read", tools: ["db.read"], max: 1, window: "1h" }],
    flows: [{ id: "no-egress-after-read", after: { tools: ["db.read"] }, then: { tools: ["http.*"] }, effect: "deny" }],
  });

  it("an enforced deny beats a shadow allow listed first, for the agent, its delegate and gate.check", async () => {
    const gate = createGate({ policy });
    const bot = gate.agent({ name: "bot", owner: "team" });
    const helper = bot.delegate({ name: "helper", tools: ["db.*"] });
    const drop = recordingTool("db.drop");
    for (const agent of [bot, helper]) {
      const refused = await agent.guard(drop.tool).safeCall({});
      expect(!refused.ok && refused.error).toMatchObject({ code: "TOOL_DENIED", decision: { rule: "never-drop" } });
    }
    expect(await gate.check(bot, drop.tool, {})).toMatchObject({ effect: "deny", rule: "never-drop" });
    expect(drop.ran).toEqual([]);
  });

  it("enforced limits and flows still apply beside a shadow allow of the same tools", async () => {
    const gate = createGate({ policy });
    const bot = gate.agent({ name: "bot", owner: "team" });
    const read = bot.guard(recordingTool("db.read").tool);
    await read.call({});
    const again = await read.safeCall({});
    expect(!again.ok && again.error).toMatchObject({ code: "LIMIT_EXCEEDED", decision: { rule: "one-read" } });
    const post = await bot.guard(recordingTool("http.post").tool).safeCall({});
    expect(!post.ok && post.error).toMatchObject({ code: "TOOL_DENIED", decision: { rule: "no-egress-after-read" } });
  });
});

describe("shadow calls leave nothing an enforced gate trusts", () => {
  function gates(approver: Approver) {
    const clock = manualClock();
    const store = memoryStore({ clock });
    const policy = definePolicy({
      rules: [{ id: "refunds", tools: ["refund.issue"], effect: "allow", approval: { approvers: ["owner"] } }],
      limits: [{ id: "refund-rate", tools: ["refund.issue"], max: 3, window: "1h" }],
    });
    const options = { policy, store, clock, approvers: { owner: approver } };
    return { trial: createGate({ ...options, mode: "shadow" }), enforced: createGate(options) };
  }

  it("no session grant and no remembered rejection: the enforced call of the same agent name is asked", async () => {
    const owner = vi.fn<Approver>(async () => ({ approved: false, by: "owner" }));
    const { trial, enforced } = gates(owner);
    const refund = recordingTool("refund.issue", { risk: "high" });
    for (let i = 0; i < 2; i++) await trial.agent({ name: "bot", owner: "t" }).guard(refund.tool).call({ amount: 5 });
    expect(owner).not.toHaveBeenCalled();
    const real = await enforced.agent({ name: "bot", owner: "t" }).guard(refund.tool).safeCall({ amount: 5 });
    expect(!real.ok && real.error.code).toBe("APPROVAL_DENIED");
    expect(owner).toHaveBeenCalledTimes(1);
  });

  it("shadow calls spend the shared budget: enforcement is stricter after them, never looser", async () => {
    const owner = vi.fn<Approver>(async () => ({ approved: true, by: "owner" }));
    const { trial, enforced } = gates(owner);
    const refund = recordingTool("refund.issue", { risk: "high" });
    for (let i = 0; i < 3; i++) await trial.agent({ name: "bot", owner: "t" }).guard(refund.tool).call({ amount: i });
    const real = await enforced.agent({ name: "bot", owner: "t" }).guard(refund.tool).safeCall({ amount: 9 });
    expect(!real.ok && real.error).toMatchObject({ code: "LIMIT_EXCEEDED", decision: { rule: "refund-rate" } });
    expect(owner).not.toHaveBeenCalled();
  });
});
