// Attack on the kill switch (invariants 2 and 4: restricting comparisons are loose; state is keyed on the
// names policies use): gate.suspend({ name }) matches names exactly and accepts any name, so an operator's
// `Support-Bot` for the agent `support-bot` resolves, suspends nothing, and the agent keeps running.
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, passthroughSchema } from "../../src/index.js";

describe("a suspension by name does not miss the agent over its spelling", () => {
  it.each(["Support-Bot", "SUPPORT-BOT", "ｓupport-bot"])(
    "gate.suspend({ name: %j }) stops support-bot, or says it matched no agent",
    async (spelled) => {
      const gate = createGate({ policy: definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] }) });
      const bot = gate.agent({ name: "support-bot", owner: "team" });
      const refund = bot.guard(defineTool({ name: "refund", input: passthroughSchema(), execute: () => "refunded" }));
      const suspended = await gate.suspend({ name: spelled }, "incident 42").then(
        () => true,
        () => false,
      );
      const result = await refund.safeCall({});
      // Either the suspension bites, or the operator is told it matched nobody: never a silent no-op.
      expect(suspended ? !result.ok : true).toBe(true);
    },
  );
});
