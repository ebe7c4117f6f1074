// gate.check is the same pipeline in dry-run mode: every stage decides, nothing runs, is asked, counted or kept.
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createGate, definePolicy, defineTool, memoryStore } from "../src/index.js";
import { recordingTool } from "./helpers.js";

describe("gate.check", () => {
  it("a call needing approval with no approver configured is refused in the dry run", async () => {
    const gate = createGate({ policy: definePolicy({ rules: [{ id: "ok", tools: ["t.*"], effect: "allow" }] }) });
    const agent = gate.agent({ name: "bot", owner: "t" });
    expect(await gate.check(agent, recordingTool("t.run", { risk: "high" }).tool, {})).toMatchObject({
      effect: "deny",
      rule: "ok",
      reason: expect.stringMatching(/no approver is configured/),
    });
  });

  it("runs your stages (told it is a dry run) and validates with async schemas too", async () => {
    const gate = createGate({ policy: definePolicy({ rules: [{ id: "ok", tools: ["t"], effect: "allow" }] }) });
    const agent = gate.agent({ name: "bot", owner: "t" });
    const seen: boolean[] = [];
    gate.use(async function watch(call, next) {
      seen.push(call.dryRun);
      return next();
    });
    const ran = vi.fn();
    const tool = defineTool({
      name: "t",
      input: z.object({ n: z.number() }).refine(async (v) => v.n > 0),
      execute: ran,
    });
    expect(await gate.check(agent, tool, { n: 1 })).toMatchObject({ effect: "allow", rule: "ok" });
    expect(await gate.check(agent, tool, { n: -1 })).toMatchObject({ effect: "deny", rule: "invalid-input" });
    expect(seen).toEqual([true]); // invalid input is refused before any stage runs
    expect(ran).not.toHaveBeenCalled();
  });

  it("consumes no limit, marks no flow and counts nothing", async () => {
    const store = memoryStore();
    const gate = createGate({
      store,
      policy: definePolicy({
        rules: [{ id: "all", tools: ["*"], effect: "allow" }],
        limits: [{ id: "rate", tools: ["*"], max: 1, window: "1h" }],
        flows: [{ id: "f", after: { tools: ["read"] }, then: { tools: ["send"] }, effect: "deny" }],
      }),
    });
    const agent = gate.agent({ name: "bot", owner: "t" });
    for (let i = 0; i < 100; i++) expect((await gate.check(agent, "read", {})).effect).toBe("allow");
    expect((await gate.check(agent, "send", {})).effect).toBe("allow");
    expect((await store.agents.get(agent.id))?.calls).toBe(0);
    await agent.guard(recordingTool("read").tool).call({});
    expect(await gate.check(agent, "send", {})).toMatchObject({ effect: "deny", rule: "rate" });
  });
});
