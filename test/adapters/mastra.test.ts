// toolgate/mastra with the real @mastra/core (Agent, Mastra, its in-memory storage) and the AI SDK's mock model:
// allowed, denied, approved, declined (audited), always approve / always reject, resume in another process.
import { Agent } from "@mastra/core/agent";
import { Mastra } from "@mastra/core/mastra";
import { RequestContext } from "@mastra/core/request-context";
import { InMemoryStore } from "@mastra/core/storage";
import { createTool } from "@mastra/core/tools";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createToolApproval, guardTools } from "../../src/adapters/mastra.js";
import { createGate, definePolicy, memoryStore, type Store } from "../../src/index.js";
import { memoryTracing } from "../helpers.js";
import { textTurn, toolCallTurn, toolOutputs } from "./fixtures/ai.js";

const policy = definePolicy({
  rules: [
    { id: "weather-ok", tools: ["weather"], effect: "allow" },
    { id: "deploy-needs-user", tools: ["deploy"], effect: "allow", approval: { approvers: ["user"] } },
    { id: "no-drop", tools: ["drop"], effect: "deny" },
  ],
});

type Turns = ReturnType<typeof toolCallTurn>[];

/** One "process": a gate on the shared store, the toolgate agent (same id), a Mastra agent on shared storage. */
function processOn(store: Store, storage: InMemoryStore, turns: Turns) {
  const tracing = memoryTracing();
  const approvals = createToolApproval({ store });
  const gate = createGate({
    policy,
    store,
    tracerProvider: tracing.tracerProvider,
    approvers: { user: approvals.approver },
  });
  const bot = gate.agent({ id: "agt_ops", name: "ops-bot", owner: "team-ops" });
  const ran = vi.fn(async (input: { env: string }) => `deployed to ${input.env}`);
  const plain = {
    deploy: createTool({
      id: "deploy",
      description: "Deploy",
      inputSchema: z.object({ env: z.string() }),
      execute: ran,
    }),
    weather: createTool({
      id: "weather",
      description: "Weather",
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => `sunny in ${city}`,
    }),
    drop: createTool({ id: "drop", description: "Drop", inputSchema: z.object({}), execute: async () => "dropped" }),
  };
  const tools = guardTools(bot, plain);
  const model = new MockLanguageModelV4({ doGenerate: [...turns, textTurn("done"), textTurn("done again")] });
  const ops = new Agent({ id: "ops", name: "ops", instructions: "Run the tools.", model: model as never, tools });
  const mastra = new Mastra({ agents: { ops }, storage, logger: false });
  const agent = mastra.getAgent("ops");
  const generate = () => agent.generate("go", { requireToolApproval: approvals.requireToolApproval(gate, tools) });
  return { approvals, gate, agent, tools, ran, tracing, model, generate };
}

const spanOf = async (p: ReturnType<typeof processOn>, callId: string) =>
  (await p.tracing.spans()).find((span) => span.attributes["gen_ai.tool.call.id"] === callId);

describe("toolgate/mastra guardTools", () => {
  it("keeps every tool property; an allowed call runs, gated under Mastra's toolCallId", async () => {
    const p = processOn(memoryStore(), new InMemoryStore(), [toolCallTurn("weather", { city: "Rome" }, "c1")]);
    expect(Object.keys(p.tools.weather)).toEqual(
      Object.keys(createTool({ id: "x", description: "x", execute: async () => 1 })),
    );
    const out = await p.generate();
    expect(out.finishReason).toBe("stop");
    expect(toolOutputs(p.model.doGenerateCalls[1])[0]?.output).toMatchObject({ value: "sunny in Rome" });
    expect((await spanOf(p, "c1"))?.attributes).toMatchObject({
      "toolgate.outcome": "allowed",
      "gen_ai.agent.id": "agt_ops",
    });
  });

  it("a denied call does not run; the model reads the refusal text", async () => {
    const p = processOn(memoryStore(), new InMemoryStore(), [toolCallTurn("drop", {}, "c1")]);
    await p.generate();
    const seen = JSON.stringify(toolOutputs(p.model.doGenerateCalls[1])[0]?.output);
    expect(seen).toContain('Tool call refused (TOOL_DENIED, rule \\"no-drop\\")');
    expect(seen).not.toContain("ToolgateError:");
    expect((await spanOf(p, "c1"))?.attributes["error.type"]).toBe("TOOL_DENIED");
  });

  it("identifies the calling agent per call from the request context, and refuses a call identify() cannot place", async () => {
    const p = processOn(memoryStore(), new InMemoryStore(), []);
    const helper = p.gate.agent({ name: "helper-bot", owner: "team-ops" });
    const weatherTool = createTool({
      id: "weather",
      description: "Weather",
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => `sunny in ${city}`,
    });
    expect(guardTools(helper, p.tools).weather).toBe(p.tools.weather); // never gated twice
    const identify = (call: { requestContext: Record<string, unknown> }) =>
      call.requestContext.user === "ann" ? helper : undefined;
    const tools = guardTools(helper, { weather: weatherTool }, { identify });
    const weather = tools.weather as unknown as { execute: (input: unknown, ctx: unknown) => Promise<unknown> };
    const context = (user: string) => ({
      requestContext: new RequestContext([["user", user]]),
      agent: { toolCallId: `c-${user}` },
    });
    expect(await weather.execute({ city: "Oslo" }, context("ann"))).toBe("sunny in Oslo");
    await expect(weather.execute({ city: "Oslo" }, context("eve"))).rejects.toThrow(/rule "unidentified-agent"/);
    expect((await spanOf(p, "c-ann"))?.attributes["gen_ai.agent.name"]).toBe("helper-bot");
    // Eve's refusal never reached the pipeline, and is recorded all the same: a span naming the rule and no agent.
    const refused = (await p.tracing.spans()).filter(
      (span) => span.attributes["toolgate.decision.rule"] === "unidentified-agent",
    );
    expect(
      refused.map((span) => [span.name, span.attributes["gen_ai.agent.id"], span.attributes["toolgate.outcome"]]),
    ).toEqual([["execute_tool weather", undefined, "denied"]]);
  });
  it("takes the conversation from the memory thread and honours the abort signal", async () => {
    const p = processOn(memoryStore(), new InMemoryStore(), []);
    const weather = p.tools.weather as unknown as { execute: (input: unknown, ctx: unknown) => Promise<unknown> };
    await weather.execute({ city: "Oslo" }, { agent: { toolCallId: "c-t", threadId: "thread-4" } });
    expect((await spanOf(p, "c-t"))?.attributes["gen_ai.conversation.id"]).toBe("thread-4");
    const aborted = { agent: { toolCallId: "c-a" }, abortSignal: AbortSignal.abort() };
    await expect(weather.execute({ city: "Oslo" }, aborted)).rejects.toThrow(/^Tool call refused \(ABORTED/);
  });
});

describe("toolgate/mastra createToolApproval", () => {
  it("approved: the run suspends for the user, resumes, and the call runs once as approved", async () => {
    const p = processOn(memoryStore(), new InMemoryStore(), [toolCallTurn("deploy", { env: "prod" }, "c1")]);
    const run = await p.generate();
    expect(run.finishReason).toBe("suspended");
    expect(p.ran).not.toHaveBeenCalled();
    await p.approvals.respond(p.gate, p.agent, run, { approved: true, by: "alice" });
    expect(p.ran).toHaveBeenCalledOnce();
    expect((await spanOf(p, "c1"))?.attributes).toMatchObject({ "toolgate.approval.by": ["alice"] });
  });

  it("declined: the gate refuses and records it; the tool never runs", async () => {
    const p = processOn(memoryStore(), new InMemoryStore(), [toolCallTurn("deploy", { env: "prod" }, "c1")]);
    const run = await p.generate();
    await p.approvals.respond(p.gate, p.agent, run, { approved: false, by: "alice", reason: "freeze" });
    expect(p.ran).not.toHaveBeenCalled();
    expect((await spanOf(p, "c1"))?.attributes["error.type"]).toBe("APPROVAL_DENIED");
  });

  it("always approve covers later calls (a session grant); always reject refuses them through the gate", async () => {
    const yes = processOn(memoryStore(), new InMemoryStore(), [toolCallTurn("deploy", { env: "prod" }, "c1")]);
    await yes.approvals.respond(yes.gate, yes.agent, await yes.generate(), {
      approved: true,
      by: "alice",
      always: true,
    });
    expect((await yes.gate.grants()).map((grant) => grant.rule)).toEqual(["deploy-needs-user"]);
    const tools = yes.tools as unknown as { deploy: { execute: (input: unknown, ctx: unknown) => Promise<unknown> } };
    expect(await tools.deploy.execute({ env: "staging" }, { agent: { toolCallId: "c2" } })).toBe("deployed to staging");
    expect((await spanOf(yes, "c2"))?.attributes["toolgate.approval.outcome"]).toBe("granted");

    const no = processOn(memoryStore(), new InMemoryStore(), [toolCallTurn("deploy", { env: "prod" }, "c1")]);
    await no.approvals.respond(no.gate, no.agent, await no.generate(), { approved: false, by: "alice", always: true });
    const deny = no.approvals.requireToolApproval(no.gate, no.tools);
    expect(await deny({ toolName: "deploy", args: { env: "staging" } })).toBe(false); // not asked: refused by the gate
    const noTools = no.tools as unknown as { deploy: { execute: (input: unknown, ctx: unknown) => Promise<unknown> } };
    await expect(noTools.deploy.execute({ env: "staging" }, { agent: { toolCallId: "c2" } })).rejects.toThrow(
      /APPROVAL_DENIED/,
    );
    expect((await spanOf(no, "c2"))?.attributes["error.type"]).toBe("APPROVAL_DENIED");
    expect(no.ran).not.toHaveBeenCalled();
  });

  it("resumed in another process (shared stores) the call runs once; running it again is refused", async () => {
    const [store, storage] = [memoryStore(), new InMemoryStore()];
    const asking = processOn(store, storage, [toolCallTurn("deploy", { env: "prod" }, "c1")]);
    const run = await asking.generate();
    const resuming = processOn(store, storage, []);
    await resuming.approvals.respond(resuming.gate, resuming.agent, run, { approved: true, by: "alice" });
    expect(resuming.ran).toHaveBeenCalledOnce();
    const replaying = processOn(store, storage, []);
    const tools = replaying.tools as unknown as {
      deploy: { execute: (input: unknown, ctx: unknown) => Promise<unknown> };
    };
    await expect(tools.deploy.execute({ env: "prod" }, { agent: { toolCallId: "c1" } })).rejects.toThrow(
      /APPROVAL_FAILED/,
    );
    expect(replaying.ran).not.toHaveBeenCalled();
    expect(asking.ran).not.toHaveBeenCalled();
  });
});
