// Attack on `toolgate inventory` (security model 6: the record tells what happened): a model chooses the call ids
// in most frameworks, so a compromised agent reuses another call's id — its own earlier call's, or another
// agent's — hoping the inventory pairs an `end` with the wrong `begin`, and so counts a call for the wrong agent,
// the wrong outcome, or not at all. The inventory pairs an `end` with the `begin` its `beginSeq` names.

import { describe, expect, it } from "vitest";
import {
  definePolicy,
  defineTool,
  generateAuditKey,
  type MemorySink,
  passthroughSchema,
  trailInventory,
} from "../../src/index.js";
import { signedGate, trailFile } from "../helpers.js";

const key = generateAuditKey();
const policy = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] });

async function inventoryOf(sink: MemorySink) {
  const inventory = await trailInventory([trailFile(sink.text())], { publicKey: key.publicKey });
  expect(inventory.verification.ok).toBe(true);
  return Object.fromEntries(inventory.agents.map((agent) => [agent.name, agent.calls]));
}

describe("reused call ids do not move a call to another agent or outcome in the inventory", () => {
  it("two agents' overlapping calls under one call id each keep their own outcome", async () => {
    const { gate, sink } = signedGate({ policy }, key);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = defineTool({
      name: "report.build",
      input: passthroughSchema<object>(),
      execute: async () => {
        await held;
        return "built";
      },
    });
    const failing = defineTool({
      name: "db.wipe",
      input: passthroughSchema<object>(),
      execute: async () => {
        throw new Error("wiped nothing");
      },
    });
    const honest = gate.agent({ name: "honest-bot", owner: "team-a" }).guard(slow);
    const rogue = gate.agent({ name: "rogue-bot", owner: "team-b" }).guard(failing);
    // The honest call begins, then the rogue one begins and fails under the same id while the honest one runs.
    const honestCall = honest.safeCall({}, { callId: "call-1" });
    await expect(rogue.call({}, { callId: "call-1" })).rejects.toThrow("wiped nothing");
    release();
    expect((await honestCall).ok).toBe(true);
    await gate.close();
    const calls = await inventoryOf(sink);
    expect(calls["honest-bot"]).toEqual({ allowed: 1, failed: 0, denied: 0, unended: 0 });
    expect(calls["rogue-bot"]).toEqual({ allowed: 0, failed: 1, denied: 0, unended: 0 });
  });

  it("an agent repeating one call id for every call has each call counted once", async () => {
    const { gate, sink } = signedGate({ policy }, key);
    const echo = defineTool({ name: "echo", input: passthroughSchema<object>(), execute: async () => "ok" });
    const bot = gate.agent({ name: "repeat-bot", owner: "team-a" }).guard(echo);
    await Promise.all([1, 2, 3].map(() => bot.call({}, { callId: "same" })));
    await bot.call({}, { callId: "same" });
    await gate.close();
    expect((await inventoryOf(sink))["repeat-bot"]).toEqual({ allowed: 4, failed: 0, denied: 0, unended: 0 });
  });
});
