import { describe, expect, it, vi } from "vitest";
import { type Approver, createGate, definePolicy, type PolicyDefinition } from "../src/index.js";
import { manualClock, memoryTracing, recordingTool } from "./helpers.js";

function setup(definition: PolicyDefinition, approvers: Record<string, Approver> = {}) {
  const clock = manualClock();
  const gate = createGate({ policy: definePolicy(definition), approvers, clock });
  const agent = gate.agent({ name: "bot", owner: "team" });
  return { gate, agent, clock };
}

describe("limits", () => {
  const definition: PolicyDefinition = {
    rules: [{ id: "mail", tools: ["email.*"], effect: "allow" }],
    limits: [{ id: "mail-rate", tools: ["email.send"], max: 2, window: "1h" }],
  };

  it("refuses past the limit per agent name, naming it and when it has room, until the window passes", async () => {
    const { gate, agent, clock } = setup(definition);
    const send = agent.guard(recordingTool("email.send").tool);
    const sameName = gate.agent({ name: "bot", owner: "team" }).guard(recordingTool("email.send").tool);
    const otherName = gate.agent({ name: "other-bot", owner: "team" }).guard(recordingTool("email.send").tool);
    await send.call({});
    clock.advance(60_000);
    await send.call({});
    expect(await gate.check(agent, "email.send", {})).toMatchObject({ effect: "deny", rule: "mail-rate" });
    const refused = await send.safeCall({});
    expect(!refused.ok && refused.error).toMatchObject({
      code: "LIMIT_EXCEEDED",
      decision: { rule: "mail-rate" },
      retryAfterMs: 3_540_000,
    });
    expect(!refused.ok && refused.error.message).toMatch(/has room again in 59m/);
    expect(((await sameName.safeCall({})) as { error: { code: string } }).error.code).toBe("LIMIT_EXCEEDED");
    await expect(otherName.call({})).resolves.toBeDefined();
    await expect(agent.guard(recordingTool("email.read").tool).call({})).resolves.toBeDefined();
    clock.advance(3_540_000);
    await expect(send.call({})).resolves.toBeDefined();
  });

  it("`per: instance` narrows a limit to the calling agent instance", async () => {
    const { gate, agent } = setup({
      ...definition,
      limits: [{ id: "mail-rate", tools: ["email.send"], max: 2, window: "1h", per: "instance" }],
    });
    const send = agent.guard(recordingTool("email.send").tool);
    const twin = gate.agent({ name: "bot", owner: "team" }).guard(recordingTool("email.send").tool);
    await send.call({});
    await send.call({});
    expect((await send.safeCall({})).ok).toBe(false);
    await expect(twin.call({})).resolves.toBeDefined();
  });

  it("each counted call names the limits it was counted against on its span", async () => {
    const tracing = memoryTracing();
    const gate = createGate({ policy: definePolicy(definition), tracerProvider: tracing.tracerProvider });
    await gate.agent({ name: "bot", owner: "team" }).guard(recordingTool("email.send").tool).call({});
    expect((await tracing.only()).attributes["toolgate.limit.ids"]).toEqual(["mail-rate"]);
  });

  it("gate.check does not consume the budget", async () => {
    const { gate, agent } = setup(definition);
    for (let i = 0; i < 5; i++) expect((await gate.check(agent, "email.send", {})).effect).toBe("allow");
    const send = agent.guard(recordingTool("email.send").tool);
    await send.call({});
    await send.call({});
    expect((await send.safeCall({})).ok).toBe(false);
  });

  it("a call refused after the limit stage still counts, so approval requests cannot be spammed", async () => {
    const owner = vi.fn(async () => ({ approved: false, by: "ops" }));
    const { agent } = setup(
      {
        rules: [{ id: "deploy", tools: ["deploy"], effect: "allow", approval: { approvers: ["owner"] } }],
        limits: [{ id: "deploy-rate", tools: ["deploy"], max: 2, window: "1h" }],
      },
      { owner },
    );
    const deploy = agent.guard(recordingTool("deploy").tool);
    const codes = [];
    for (let i = 0; i < 4; i++) {
      const result = await deploy.safeCall({ note: `attempt ${i}` });
      codes.push(!result.ok && result.error.code);
    }
    expect(codes).toEqual(["APPROVAL_DENIED", "APPROVAL_DENIED", "LIMIT_EXCEEDED", "LIMIT_EXCEEDED"]);
    expect(owner).toHaveBeenCalledTimes(2);
  });
});

describe("flows", () => {
  const definition: PolicyDefinition = {
    rules: [{ id: "all", tools: ["*"], effect: "allow" }],
    flows: [
      {
        id: "untrusted-then-egress",
        after: { tags: ["untrusted"] },
        then: { tags: ["egress"] },
        effect: "require_approval",
        window: "30m",
      },
      { id: "no-exfil", after: { tools: ["secrets.read"] }, then: { tools: ["http.post"] }, effect: "deny" },
    ],
  };
  const approvers = { owner: async () => ({ approved: false, by: "sec" }) };
  const withApprover: PolicyDefinition = { ...definition, approval: { approvers: ["owner"] } };

  it("a call matching `then` after one matching `after` needs approval; other conversations are unaffected", async () => {
    const { gate, agent, clock } = setup(withApprover, approvers);
    const readMail = agent.guard(recordingTool("email.read", { tags: ["untrusted"] }).tool);
    const { tool: upload, ran } = recordingTool("file.upload", { tags: ["egress"] });
    const guardedUpload = agent.guard(upload);
    await guardedUpload.call({}, { conversationId: "c1" });
    await readMail.call({}, { conversationId: "c1" });
    expect(await gate.check(agent, upload, {}, { conversationId: "c1" })).toMatchObject({
      effect: "require_approval",
      rule: "untrusted-then-egress",
    });
    const refused = await guardedUpload.safeCall({}, { conversationId: "c1" });
    expect(!refused.ok && refused.error).toMatchObject({
      code: "APPROVAL_DENIED",
      decision: { rule: "untrusted-then-egress" },
    });
    await expect(guardedUpload.call({}, { conversationId: "c2" })).resolves.toBeDefined();
    clock.advance(31 * 60_000);
    await expect(guardedUpload.call({}, { conversationId: "c1" })).resolves.toBeDefined();
    expect(ran).toHaveLength(3);
  });

  it("a deny flow refuses, and only calls that ran start a flow", async () => {
    const { agent, gate } = setup(definition);
    const post = agent.guard(recordingTool("http.post").tool);
    await gate.suspend(agent.id, "pause");
    await agent.guard(recordingTool("secrets.read").tool).safeCall({});
    await gate.resume(agent.id);
    await expect(post.call({})).resolves.toBeDefined();
    await agent.guard(recordingTool("secrets.read").tool).call({});
    const refused = await post.safeCall({});
    expect(!refused.ok && refused.error).toMatchObject({
      code: "TOOL_DENIED",
      decision: { rule: "no-exfil" },
    });
    expect(!refused.ok && refused.error.message).toMatch(/"http.post" after "secrets.read" is not allowed/);
  });

  it("delegates share their root agent's history, so a chain cannot be laundered through them", async () => {
    const { agent } = setup(definition);
    const reader = agent.delegate({ name: "reader", tools: ["secrets.read"] });
    const poster = agent.delegate({ name: "poster", tools: ["http.post"] });
    await reader.guard(recordingTool("secrets.read").tool).call({});
    const refused = await poster.guard(recordingTool("http.post").tool).safeCall({});
    expect(!refused.ok && refused.error.decision?.rule).toBe("no-exfil");
  });
});
