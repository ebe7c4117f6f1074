import { describe, expect, it } from "vitest";
import { createGate, definePolicy, isToolgateError } from "../src/index.js";
import { recordingTool } from "./helpers.js";

const policy = definePolicy({
  rules: [
    { id: "crm", agents: ["support-bot"], tools: ["crm.*"], effect: "allow" },
    { id: "research", agents: ["researcher"], tools: ["crm.write"], effect: "deny" },
  ],
});

describe("agent identities", () => {
  it("gives 10k agents 10k unique agt_ ids", () => {
    const gate = createGate({ policy });
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) ids.add(gate.agent({ name: `bot-${i}`, owner: "team" }).id);
    expect(ids.size).toBe(10_000);
    for (const id of ids) expect(id).toMatch(/^agt_[0-9A-Za-z]{21}$/);
  });

  it("keeps an explicit id and refuses a duplicate one", () => {
    const gate = createGate({ policy });
    expect(gate.agent({ name: "a", owner: "t", id: "agt_fixed" }).id).toBe("agt_fixed");
    expect(() => gate.agent({ name: "b", owner: "t", id: "agt_fixed" })).toThrow(/already exists/);
  });

  it.each([
    [{ name: "", owner: "t" }, /`name` must be a non-empty string/],
    [{ name: "  ", owner: "t" }, /`name` must be a non-empty string/],
    [{ name: "a", owner: "" }, /`owner` must be a non-empty string/],
    [{ name: "a" }, /`owner` must be a non-empty string/],
    [{ name: "a\nFAKE LOG LINE", owner: "t" }, /control characters/],
    [{ name: "a".repeat(300), owner: "t" }, /at most 256/],
    [{ name: "a", owner: "t", tags: "x" }, /`tags` must be/],
    [{ name: "a", owner: "t", version: 3 }, /`version` must be a non-empty string/],
  ])("rejects bad options %#", (options, message) => {
    const gate = createGate({ policy });
    let caught: unknown;
    try {
      gate.agent(options as never);
    } catch (error) {
      caught = error;
    }
    expect(isToolgateError(caught) && caught.code).toBe("INVALID_ARGUMENT");
    expect((caught as Error).message).toMatch(message);
  });

  it("inventories identity, tools, calls, denials and last activity", async () => {
    const gate = createGate({ policy });
    const agent = gate.agent({
      name: "support-bot",
      owner: "team-support",
      version: "1.4.0",
      tags: ["prod"],
    });
    const read = agent.guard(recordingTool("crm.read").tool);
    const drop = agent.guard(recordingTool("db.drop").tool);
    expect((await gate.inventory())[0]).toMatchObject({
      calls: 0,
      lastActivity: undefined,
      tools: ["crm.read", "db.drop"],
    });
    await read.call({});
    await read.call({});
    await drop.safeCall({});
    const [record] = await gate.inventory();
    expect(record).toMatchObject({
      id: agent.id,
      name: "support-bot",
      owner: "team-support",
      version: "1.4.0",
      tags: ["prod"],
      parentId: undefined,
      calls: 3,
      allowed: 2,
      denials: 1,
      failures: 0,
      suspended: undefined,
      grants: ["crm"],
      sessionGrants: [],
    });
    expect(Date.parse(record?.lastActivity ?? "")).toBeGreaterThan(Date.now() - 5_000);
  });
});

describe("delegation", () => {
  it("a delegate uses only tools in its list that its parent may use", async () => {
    const gate = createGate({ policy });
    const parent = gate.agent({ name: "support-bot", owner: "team" });
    const child = parent.delegate({ name: "helper", tools: ["crm.read", "db.*"] });
    expect(child.owner).toBe("team");
    expect(child.chain).toEqual([parent.id, child.id]);
    expect(await gate.check(child, "crm.read", {})).toMatchObject({ effect: "allow", rule: "crm" });
    expect(await gate.check(child, "crm.write", {})).toMatchObject({ effect: "deny", rule: "delegation" });
    expect(await gate.check(child, "db.drop", {})).toMatchObject({ effect: "deny", rule: "default-deny" });
    const { tool, ran } = recordingTool("crm.write");
    const result = await child.guard(tool).safeCall({});
    expect(result.ok).toBe(false);
    expect(ran).toHaveLength(0);
  });

  it("rules naming the delegate can restrict it further, never widen it", async () => {
    const gate = createGate({ policy });
    const parent = gate.agent({ name: "support-bot", owner: "team" });
    const researcher = parent.delegate({ name: "researcher", tools: ["crm.*"] });
    expect(await gate.check(researcher, "crm.write", {})).toMatchObject({ effect: "deny", rule: "research" });
    const outsider = gate.agent({ name: "nobody", owner: "team" });
    expect(() => outsider.delegate({ name: "Support-Bot", tools: ["crm.*"] })).toThrow(/name of another live agent/);
    await parent.retire();
    const widened = outsider.delegate({ name: "support-bot", tools: ["crm.*"] });
    expect(await gate.check(widened, "crm.read", {})).toMatchObject({ effect: "deny", rule: "default-deny" });
  });

  it("suspending an agent suspends its delegates, and resume restores them", async () => {
    const gate = createGate({ policy });
    const parent = gate.agent({ name: "support-bot", owner: "team" });
    const child = parent.delegate({ name: "helper", tools: ["crm.*"] });
    const read = child.guard(recordingTool("crm.read").tool);
    await gate.suspend(parent.id, "anomaly");
    const refused = await read.safeCall({});
    expect(!refused.ok && refused.error.code).toBe("AGENT_SUSPENDED");
    expect(!refused.ok && refused.error.message).toContain("anomaly");
    expect((await gate.inventory()).find((r) => r.id === child.id)?.suspended).toMatchObject({
      reason: "anomaly",
      target: { id: parent.id },
    });
    await gate.resume(parent.id);
    expect((await read.safeCall({})).ok).toBe(true);
  });

  it("requires a tools list and a reason to suspend", async () => {
    const gate = createGate({ policy });
    const parent = gate.agent({ name: "support-bot", owner: "team" });
    expect(() => parent.delegate({ name: "x" } as never)).toThrow(/`tools` must be a non-empty array/);
    await expect(gate.suspend(parent.id, "")).rejects.toThrow(/give a reason/);
    await expect(gate.suspend("agt_unknown", "x")).rejects.toThrow(/no agent with id "agt_unknown"/);
  });
});
