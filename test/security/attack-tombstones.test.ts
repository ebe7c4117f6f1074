// Attacks on remembered rejections ("a denial is kept so a retry cannot ask again for a fresh answer"; the
// decisions give them a per-agent cap): the memory store keeps one list for every agent and drops the oldest
// past its cap, so other rejections — another agent's, or the same agent's — flush the one that matters.
import { describe, expect, it, vi } from "vitest";
import { createGate, definePolicy, defineTool, memoryStore, passthroughSchema } from "../../src/index.js";
import { manualClock } from "../helpers.js";

const policy = definePolicy({
  rules: [{ id: "payouts", tools: ["payout"], effect: "allow", approval: { approvers: ["owner"] } }],
});
const payout = defineTool({ name: "payout", input: passthroughSchema(), execute: () => "paid" });

function setup() {
  const clock = manualClock();
  // A small cap stands for the default 10,000: the same happens past it.
  const store = memoryStore({ clock, maxRememberedDenials: 5 });
  const owner = vi.fn(async () => ({ approved: false, by: "alice" }));
  const gate = createGate({ policy, store, clock, approvers: { owner } });
  return { gate, owner };
}

describe("a remembered rejection is not flushed", () => {
  // Attack: another agent collects rejections of cheap, varied calls until the victim's is evicted.
  it("another agent's rejections do not evict this agent's", async () => {
    const { gate, owner } = setup();
    const victim = gate.agent({ name: "payments-bot", owner: "team" }).guard(payout);
    const noisy = gate.agent({ name: "noisy-bot", owner: "team" }).guard(payout);
    await victim.safeCall({ to: "acct-666", amount: 10_000 });
    for (let i = 0; i < 6; i++) await noisy.safeCall({ n: i });
    owner.mockClear();
    const retry = await victim.safeCall({ to: "acct-666", amount: 10_000 });
    expect(retry.ok).toBe(false);
    expect(owner).not.toHaveBeenCalled();
  });

  // Attack: the agent itself makes six other rejected calls, then retries the one it wants answered again.
  it("an agent's own later rejections do not buy it a fresh answer for an earlier one", async () => {
    const { gate, owner } = setup();
    const bot = gate.agent({ name: "payments-bot", owner: "team" }).guard(payout);
    await bot.safeCall({ to: "acct-666", amount: 10_000 });
    for (let i = 0; i < 6; i++) await bot.safeCall({ n: i });
    owner.mockClear();
    await bot.safeCall({ to: "acct-666", amount: 10_000 });
    expect(owner).not.toHaveBeenCalled();
  });
});
