// Attacks on the framework approval bridges (security model 1 and 8): an answer applies to one exact call —
// agent, conversation, call id, tool and input — once; it cannot be moved to another call, changed after the
// fact, replayed by resuming twice, or stood in for by approving the framework's own state directly.

import { createTool } from "@mastra/core/tools";
import { Agent as AgentsAgent, tool as agentsTool, run, setTracingDisabled } from "@openai/agents";
import { generateText, isStepCount, type ModelMessage, type ToolSet, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createUserApproval, guardTools as guardAiTools } from "../../src/adapters/ai.js";
import { createBridge } from "../../src/adapters/core/bridge.js";
import { guardTools as guardMastraTools } from "../../src/adapters/mastra.js";
import { createRunApproval, guardAgent, guardTools as guardAgentsTools } from "../../src/adapters/openai-agents.js";
import { createGate, definePolicy, defineTool, memoryStore, passthroughSchema } from "../../src/index.js";
import { textTurn, toolCallTurn, toolOutputs } from "../adapters/fixtures/ai.js";
import { assistantText, FakeModel, functionCall, text } from "../adapters/fixtures/openai.js";

setTracingDisabled(true);

const policy = definePolicy({
  rules: [{ id: "deploys", tools: ["deploy"], effect: "allow", approval: { approvers: ["user"] } }],
});

function gateWith(approver: ReturnType<typeof createBridge>["approver"], store = memoryStore()) {
  const gate = createGate({ policy, store, approvers: { user: approver } });
  return { gate, agent: gate.agent({ name: "ops-bot", owner: "team-ops" }), store };
}

describe("the approval bridge binds an answer to one exact call", () => {
  it("an answer for one agent, conversation or input does not approve another", async () => {
    const store = memoryStore();
    const bridge = createBridge({ store });
    const { gate, agent } = gateWith(bridge.approver, store);
    const twin = gate.agent({ name: "ops-bot", owner: "team-ops" });
    const ran = vi.fn(async () => "deployed");
    const call = { agent, tool: "deploy", input: { env: "staging" }, callId: "c1", conversationId: "t1" };
    agent.guard(deployTool(ran));
    expect((await bridge.verdict(gate, call)).kind).toBe("ask");
    await bridge.answer(call, { approved: true, by: "alice" });
    const attempt = (who: typeof agent, input: object, conversationId?: string) =>
      who.guard(deployTool(ran)).safeCall(input, { callId: "c1", conversationId });
    expect((await attempt(agent, { env: "prod" }, "t1")).ok).toBe(false); // other input
    expect((await attempt(agent, { env: "staging" }, "t2")).ok).toBe(false); // other conversation
    expect((await attempt(twin, { env: "staging" }, "t1")).ok).toBe(false); // another instance of the name
    expect(ran).not.toHaveBeenCalled();
    expect((await attempt(agent, { env: "staging" }, "t1")).ok).toBe(true);
    const again = await attempt(agent, { env: "staging" }, "t1"); // the same call, replayed
    expect(!again.ok && again.error.code).toBe("APPROVAL_FAILED");
    expect(ran).toHaveBeenCalledOnce();
  });

  it("an approval nobody asked for is refused; a recorded answer cannot change; `by` must name someone", async () => {
    const bridge = createBridge();
    const { gate, agent } = gateWith(bridge.approver);
    agent.guard(deployTool(vi.fn()));
    const call = { agent, tool: "deploy", input: { env: "prod" }, callId: "c9", conversationId: undefined };
    await expect(bridge.answer(call, { approved: true, by: "alice" })).rejects.toThrow(/never asked about/);
    await bridge.verdict(gate, call);
    await expect(bridge.answer(call, { approved: true, by: " " })).rejects.toThrow(/`by`/);
    await expect(bridge.answer(call, { approved: "yes" as never, by: "alice" })).rejects.toThrow(/`approved`/);
    await bridge.answer(call, { approved: false, by: "alice" });
    await expect(bridge.answer(call, { approved: true, by: "mallory" })).rejects.toThrow(/cannot change/);
  });

  it("call ids that would collide as joined strings are distinct calls", async () => {
    const bridge = createBridge();
    const { gate, agent } = gateWith(bridge.approver);
    agent.guard(deployTool(vi.fn()));
    const a = { agent, tool: "deploy", input: { env: "x" }, callId: 'c"],["t', conversationId: "u" };
    const b = { agent, tool: "deploy", input: { env: "x" }, callId: "c", conversationId: '"],["tu' };
    await bridge.verdict(gate, a);
    await bridge.answer(a, { approved: true, by: "alice" });
    await expect(bridge.answer(b, { approved: true, by: "alice" })).rejects.toThrow(/never asked about/);
  });
});

describe("framework flows cannot be talked past the gate", () => {
  it("AI SDK: answering with another input than the model's call approves nothing that runs", async () => {
    const store = memoryStore();
    const approvals = createUserApproval({ store });
    const { gate, agent } = gateWith(approvals.approver, store);
    const ran = vi.fn(async ({ env }: { env: string }) => `deployed ${env}`);
    const tools = guardAiTools(agent, { deploy: tool({ inputSchema: z.object({ env: z.string() }), execute: ran }) });
    const model = new MockLanguageModelV4({
      doGenerate: [toolCallTurn("deploy", { env: "prod" }, "c1"), textTurn("x"), textTurn("y")],
    });
    const messages: ModelMessage[] = [{ role: "user", content: "go" }];
    const toolApproval = approvals.toolApproval(gate);
    const first = await generateText({ model, tools, messages, toolApproval, stopWhen: isStepCount(3) });
    const request = first.content.find((part) => part.type === "tool-approval-request");
    if (request?.type !== "tool-approval-request") throw new Error("no approval request");
    const forged = { ...request, toolCall: { ...request.toolCall, input: { env: "staging" } } };
    await expect(
      approvals.respond(forged, { approved: true, by: "alice" }, { tools: tools as ToolSet }),
    ).rejects.toThrow(/never asked/);
    messages.push(...first.response.messages, {
      role: "tool",
      content: [{ type: "tool-approval-response", approvalId: request.approvalId, approved: true }],
    });
    await generateText({ model, tools, messages, toolApproval, stopWhen: isStepCount(2) });
    expect(ran).not.toHaveBeenCalled();
    expect(JSON.stringify(toolOutputs(model.doGenerateCalls[1]))).toContain("APPROVAL_FAILED");
  });

  it("OpenAI Agents: approving the run state directly (no answer through respond) runs nothing; hosted tools are refused", async () => {
    const approvals = createRunApproval();
    const { gate, agent } = gateWith(approvals.approver);
    const ran = vi.fn(async () => "deployed");
    const deploy = agentsTool({
      name: "deploy",
      description: "d",
      parameters: z.object({ env: z.string() }),
      execute: ran,
    });
    const model = new FakeModel([[functionCall("deploy", { env: "prod" }, "c1")], [assistantText("fin")]]);
    const bot = guardAgent(agent, new AgentsAgent({ name: "ops", model, tools: [deploy] }), {
      needsApproval: approvals.needsApproval(gate),
    });
    const first = await run(bot, "go");
    first.state.approve(first.interruptions[0] as never, { alwaysApprove: true });
    await run(bot, first.state);
    expect(ran).not.toHaveBeenCalled();
    expect(text(model.resultFor("c1"))).toContain("APPROVAL_FAILED");
    expect(() => guardAgentsTools(agent, [{ type: "hosted_tool", name: "web_search" } as never])).toThrow(
      /hosted tool/,
    );
  });

  it("Mastra: a tool gated twice is gated once; a forged toolCallId or input finds no approval", async () => {
    const bridge = createBridge();
    const { gate, agent } = gateWith(bridge.approver);
    const ran = vi.fn(async () => "deployed");
    const plain = {
      deploy: createTool({ id: "deploy", description: "d", inputSchema: z.object({ env: z.string() }), execute: ran }),
    };
    const tools = guardMastraTools(agent, plain);
    expect(guardMastraTools(agent, tools).deploy).toBe(tools.deploy);
    const call = { agent, tool: "deploy", input: { env: "prod" }, callId: "c1", conversationId: undefined };
    await bridge.verdict(gate, call);
    await bridge.answer(call, { approved: true, by: "alice" });
    const execute = (tools.deploy as unknown as { execute: (input: unknown, ctx: unknown) => Promise<unknown> })
      .execute;
    await expect(execute({ env: "prod" }, { agent: { toolCallId: "c2" } })).rejects.toThrow(/APPROVAL_FAILED/);
    await expect(execute({ env: "staging" }, { agent: { toolCallId: "c1" } })).rejects.toThrow(/APPROVAL_FAILED/);
    expect(ran).not.toHaveBeenCalled();
  });
});

function deployTool(ran: (...args: unknown[]) => unknown) {
  return defineTool({
    name: "deploy",
    description: "Deploy",
    input: passthroughSchema(),
    execute: async (input) => ran(input),
  });
}
