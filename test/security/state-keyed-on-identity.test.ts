// Security model 4 — state is keyed on the identity policies name: limits per root agent name, flow marks per
// root name and host-supplied conversation; new instances, delegates, conversations and other agents' activity
// never reset, split or evict a restriction; a call marks its flows when it starts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type Agent,
  createGate,
  definePolicy,
  defineTool,
  memoryStore,
  type PolicyDefinition,
} from "../../src/index.js";
import { manualClock, recordingTool } from "../helpers.js";

const RUNS = process.env.CI ? 10_000 : 1_000;

function gateFor(definition: PolicyDefinition, options: { maxConversationsPerAgent?: number } = {}) {
  const clock = manualClock();
  const store = memoryStore({ clock, ...options });
  const gate = createGate({ policy: definePolicy(definition), store, clock });
  return { gate, clock, store };
}

describe("limits count per root agent name", () => {
  const definition: PolicyDefinition = {
    rules: [{ id: "mail", tools: ["email.send"], effect: "allow" }],
    limits: [{ id: "mail-rate", tools: ["email.send"], max: 10, window: "1h" }],
  };

  it("50 sends from five instances with the same name and their delegates admit exactly 10", async () => {
    const { gate } = gateFor(definition);
    const senders: Agent[] = [];
    for (let i = 0; i < 5; i++) {
      const instance = gate.agent({ name: "mailer", owner: "team" });
      senders.push(instance, instance.delegate({ name: `d${i}`, tools: ["email.*"] }));
    }
    const { tool, ran } = recordingTool("email.send");
    const guarded = senders.map((agent) => agent.guard(tool));
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => guarded[i % guarded.length]?.safeCall({})));
    expect(results.filter((result) => result?.ok)).toHaveLength(10);
    expect(ran).toHaveLength(10);
    expect(results.find((result) => !result?.ok)).toMatchObject({ error: { code: "LIMIT_EXCEEDED" } });
    // Another root name has its own budget.
    await expect(gate.agent({ name: "other-mailer", owner: "team" }).guard(tool).call({})).resolves.toBeDefined();
  });
});

// The seed's chain, as flows: untrusted input, then a file read, a deploy or a log deletion, is stopped.
const chain: PolicyDefinition = {
  rules: [{ id: "all", tools: ["*"], effect: "allow", approval: false }],
  flows: [
    { id: "untrusted-then-files", after: { tags: ["untrusted"] }, then: { tags: ["sensitive"] }, effect: "deny" },
    {
      id: "untrusted-then-deploy",
      after: { tags: ["untrusted"] },
      then: { tags: ["deploy", "audit-tamper"] },
      effect: "deny",
    },
  ],
};
const tools = {
  readEmail: recordingTool("email.read", { tags: ["untrusted"] }),
  readFile: recordingTool("file.read", { tags: ["sensitive"] }),
  deploy: recordingTool("deploy", { tags: ["deploy"] }),
  deleteLogs: recordingTool("logs.delete", { tags: ["audit-tamper"] }),
  benign: recordingTool("calendar.read"),
};
type ToolName = keyof typeof tools;

describe("flow marks per root agent name and conversation", () => {
  it("omitting the conversation id after an untrusted read, or a second instance, does not dodge the flow", async () => {
    const { gate } = gateFor(chain);
    const first = gate.agent({ name: "support-bot", owner: "team" });
    const second = gate.agent({ name: "support-bot", owner: "team" });
    await first.guard(tools.readEmail.tool).call({}, { conversationId: "ticket-1" });
    const noConversation = await first.guard(tools.deploy.tool).safeCall({});
    const otherInstance = await second.guard(tools.deploy.tool).safeCall({}, { conversationId: "ticket-1" });
    const viaDelegate = await second
      .delegate({ name: "ops", tools: ["*"] })
      .guard(tools.deleteLogs.tool)
      .safeCall({});
    for (const result of [noConversation, otherInstance, viaDelegate]) {
      expect(!result.ok && result.error.decision?.rule).toBe("untrusted-then-deploy");
    }
    // A call without a conversation marks every conversation of the agent.
    await gate.agent({ name: "mail-bot", owner: "team" }).guard(tools.readEmail.tool).call({});
    const later = await gate
      .agent({ name: "mail-bot", owner: "team" })
      .guard(tools.readFile.tool)
      .safeCall({}, { conversationId: "fresh" });
    expect(!later.ok && later.error.decision?.rule).toBe("untrusted-then-files");
  });

  it("another agent's 10,001 calls in fresh conversations do not evict this agent's mark", async () => {
    const { gate } = gateFor(chain, { maxConversationsPerAgent: 100 });
    const victim = gate.agent({ name: "support-bot", owner: "team" });
    await victim.guard(tools.readEmail.tool).call({}, { conversationId: "c-0" });
    const noisy = gate.agent({ name: "noisy-bot", owner: "team" }).guard(tools.readEmail.tool);
    for (let i = 0; i < 10_001; i++) await noisy.call({}, { conversationId: `n-${i}` });
    const result = await victim.guard(tools.deploy.tool).safeCall({}, { conversationId: "c-0" });
    expect(!result.ok && result.error.decision?.rule).toBe("untrusted-then-deploy");
  });

  it("an agent flushing its own conversations folds the evicted marks into every conversation (fail safe)", async () => {
    const { gate } = gateFor(chain, { maxConversationsPerAgent: 10 });
    const agent = gate.agent({ name: "support-bot", owner: "team" });
    await agent.guard(tools.readEmail.tool).call({}, { conversationId: "poisoned" });
    const benign = agent.guard(tools.benign.tool);
    for (let i = 0; i < 50; i++) await benign.call({}, { conversationId: `flush-${i}` });
    const elsewhere = await agent.guard(tools.deploy.tool).safeCall({}, { conversationId: "poisoned" });
    expect(!elsewhere.ok && elsewhere.error.decision?.rule).toBe("untrusted-then-deploy");
  });

  it("a call marks its flows when it starts: egress while an untrusted read still runs is stopped", async () => {
    const { gate } = gateFor(chain);
    const agent = gate.agent({ name: "support-bot", owner: "team" });
    let finish: () => void = () => {};
    const slowRead = defineTool({
      name: "email.read",
      input: z.object({}),
      tags: ["untrusted"],
      execute: () => new Promise<string>((resolve) => (finish = () => resolve("mail"))),
    });
    const reading = agent.guard(slowRead).call({}, { conversationId: "c" });
    await new Promise((resolve) => setImmediate(resolve));
    const during = await agent.guard(tools.deploy.tool).safeCall({}, { conversationId: "c" });
    expect(!during.ok && during.error.decision?.rule).toBe("untrusted-then-deploy");
    finish();
    await reading;
  });

  it("a refused untrusted read leaves no mark (its tool never started)", async () => {
    const { gate } = gateFor({
      ...chain,
      rules: [...(chain.rules ?? []), { id: "no-mail", tools: ["email.read"], effect: "deny" }],
    });
    const agent = gate.agent({ name: "support-bot", owner: "team" });
    expect((await agent.guard(tools.readEmail.tool).safeCall({})).ok).toBe(false);
    expect((await agent.guard(tools.deploy.tool).safeCall({})).ok).toBe(true);
  });

  it("property: no interleaving of conversations, instances, delegates and other agents lets the chain run", async () => {
    const step = fc.record({
      root: fc.constantFrom("support-bot", "support-bot", "other-bot"),
      instance: fc.constantFrom(0, 1),
      delegate: fc.boolean(),
      conversation: fc.constantFrom(undefined, "c1", "c2"),
      tool: fc.constantFrom<ToolName>("readEmail", "readFile", "deploy", "deleteLogs", "benign"),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const { gate } = gateFor(chain);
        const agents = new Map<string, Agent>();
        const agentFor = (root: string, instance: number, delegate: boolean) => {
          const key = `${root}/${instance}/${delegate}`;
          let agent = agents.get(key);
          if (!agent) {
            const base = agents.get(`${root}/${instance}/false`) ?? gate.agent({ name: root, owner: "team" });
            agents.set(`${root}/${instance}/false`, base);
            agent = delegate ? base.delegate({ name: "helper", id: `helper-${instance}`, tools: ["*"] }) : base;
            agents.set(key, agent);
          }
          return agent;
        };
        // The oracle: an untrusted read that ran taints its root name in its conversation (or all, without one).
        const tainted: { root: string; conversation: string | undefined }[] = [];
        for (const { root, instance, delegate, conversation, tool } of steps) {
          const result = await agentFor(root, instance, delegate)
            .guard(tools[tool].tool)
            .safeCall({}, { conversationId: conversation });
          const sees = tainted.some(
            (mark) =>
              mark.root === root &&
              (mark.conversation === undefined || conversation === undefined || mark.conversation === conversation),
          );
          const restricted = tool === "readFile" || tool === "deploy" || tool === "deleteLogs";
          expect(result.ok).toBe(!(restricted && sees));
          if (tool === "readEmail" && result.ok) tainted.push({ root, conversation });
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

describe("state keys read the root name loosely, as suspensions and monitors do", () => {
  it("another spelling of a name shares its limit budget and its flow marks", async () => {
    const { gate } = gateFor({
      rules: [{ id: "all", tools: ["*"], effect: "allow", approval: false }],
      limits: [{ id: "mail-rate", tools: ["email.send"], max: 2, window: "1h" }],
      flows: [
        { id: "untrusted-then-deploy", after: { tags: ["untrusted"] }, then: { tags: ["deploy"] }, effect: "deny" },
      ],
    });
    const spellings = ["support-bot", "Support-Bot", "SUPPORT-BOT", "ｓｕｐｐｏｒｔ-bot"];
    const agents = spellings.map((name) => gate.agent({ name, owner: "team" }));
    const send = recordingTool("email.send");
    const sends = await Promise.all(agents.map((agent) => agent.guard(send.tool).safeCall({})));
    expect(sends.filter((result) => result.ok)).toHaveLength(2);
    expect(send.ran).toHaveLength(2);

    await (agents[0] as Agent).guard(recordingTool("email.read", { tags: ["untrusted"] }).tool).call({});
    const deploy = recordingTool("deploy.release", { tags: ["deploy"] });
    for (const agent of agents.slice(1)) {
      const result = await agent.guard(deploy.tool).safeCall({});
      expect(!result.ok && result.error.decision?.rule).toBe("untrusted-then-deploy");
    }
    expect(deploy.ran).toHaveLength(0);
  });
});
