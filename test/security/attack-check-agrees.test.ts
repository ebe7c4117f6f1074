// Attack on "gate.check is a dry run of the whole decision": given a Tool object, check judges that object's
// own risk and tags, even when this gate guards a stricter tool under the same name — so a host that asks
// check whether to prompt (or to show "allowed") is told allow for a call the gate refuses.
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, passthroughSchema } from "../../src/index.js";

describe("gate.check and the call agree", () => {
  it("a dry run given a weaker definition of a guarded tool judges the tool the gate guards", async () => {
    const gate = createGate({ policy: definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] }) });
    const bot = gate.agent({ name: "ops-bot", owner: "team" });
    const deploy = bot.guard(
      defineTool({ name: "deploy", input: passthroughSchema(), risk: "critical", execute: () => "deployed" }),
    );
    const described = defineTool({ name: "deploy", input: passthroughSchema(), execute: () => undefined });
    const real = await deploy.safeCall({});
    expect(real.ok).toBe(false); // critical risk, no approver: refused
    expect((await gate.check(bot, described, {})).effect).not.toBe("allow");
  });
});
