// The AI SDK's own user-approval flow, end to end with the real SDK and its mock model: allowed, denied,
// approved, rejected (audited), always approve / always reject, and an answer given in another process.
import { generateText, isStepCount, type ModelMessage, type ToolSet, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createUserApproval, guardTools } from "../../src/adapters/ai.js";
import { type Approver, createGate, definePolicy, memoryStore, type Store } from "../../src/index.js";
import { memoryTracing } from "../helpers.js";
import { textTurn, toolCallTurn, toolOutputs } from "./fixtures/ai.js";

const policy = definePolicy({
  rules: [
    { id: "weather-ok", tools: ["weather"], effect: "allow" },
    { id: "deploy-needs-user", tools: ["deploy"], effect: "allow", approval: { approvers: ["user"] } },
    { id: "no-drop", tools: ["drop"], effect: "deny" },
  ],
});

/** One "process": a gate on the shared store, its approval bridge, the agent (same id everywhere) and its tools. */
function processOn(store: Store, tracing = memoryTracing()) {
  const approvals = createUserApproval({ store });
  const owner = vi.fn<Approver>(async () => ({ approved: true, by: "olivia" }));
  const gate = createGate({
    policy,
    store,
    tracerProvider: tracing.tracerProvider,
    approvers: { user: approvals.approver, owner },
  });
  const agent = gate.agent({ id: "agt_ops", name: "ops-bot", owner: "team-ops" });
  const ran = vi.fn(async ({ env }: { env: string }) => `deployed to ${env}`);
  const plain = {
    deploy: tool({ description: "Deploy", inputSchema: z.object({ env: z.string() }), execute: ran }),
    weather: tool({ inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => `sunny in ${city}` }),
    drop: tool({ inputSchema: z.object({}), execute: async () => "dropped" }),
  };
  const tools = guardTools(agent, plain, { conversationId: (context) => (context as { thread?: string })?.thread });
  return { approvals, gate, agent, tools, ran, tracing, owner };
}

type Process = ReturnType<typeof processOn>;

/** A first turn in which the model calls `toolName`; returns the SDK result and what the model saw after. */
async function firstTurn(p: Process, toolName: string, input: unknown, callId: string, toolsContext?: object) {
  const model = new MockLanguageModelV4({ doGenerate: [toolCallTurn(toolName, input, callId), textTurn("done")] });
  const messages: ModelMessage[] = [{ role: "user", content: "go" }];
  const toolApproval = p.approvals.toolApproval(p.gate);
  const result = await generateText({
    model,
    tools: p.tools,
    messages,
    toolApproval,
    toolsContext,
    stopWhen: isStepCount(3),
  } as never);
  return { result, messages, model };
}

/** The turn after the user answered: the approval response goes back to the SDK with `tools` of process `p`. */
async function resume(p: Process, messages: ModelMessage[], toolsContext?: object) {
  const model = new MockLanguageModelV4({ doGenerate: [textTurn("fin")] });
  const toolApproval = p.approvals.toolApproval(p.gate);
  await generateText({
    model,
    tools: p.tools,
    messages,
    toolApproval,
    toolsContext,
    stopWhen: isStepCount(2),
  } as never);
  return toolOutputs(model.doGenerateCalls[0])[0]?.output;
}

/** Whether the SDK paused the run to ask the user (an automatic, already-answered request does not count). */
const askedUser = (result: Awaited<ReturnType<typeof generateText>>) =>
  result.content.some((part) => part.type === "tool-approval-request" && !part.isAutomatic);

const approvalRequestOf = (result: Awaited<ReturnType<typeof generateText>>) => {
  const part = result.content.find((p) => p.type === "tool-approval-request");
  if (part?.type !== "tool-approval-request") throw new Error("no approval request");
  return part;
};

async function answered(p: Process, decision: Parameters<Process["approvals"]["respond"]>[1], from: Process = p) {
  const { result, messages } = await firstTurn(p, "deploy", { env: "prod" }, "call-dep");
  const request = approvalRequestOf(result);
  const response = await from.approvals.respond(request, decision, { tools: from.tools as ToolSet });
  messages.push(...result.response.messages, { role: "tool", content: [response] });
  return { messages, request };
}

describe("toolgate/ai createUserApproval", () => {
  it("allowed: the user is not asked and the call runs", async () => {
    const p = processOn(memoryStore());
    const { model } = await firstTurn(p, "weather", { city: "Rome" }, "call-w");
    expect(toolOutputs(model.doGenerateCalls[1])[0]?.output).toEqual({ type: "text", value: "sunny in Rome" });
  });

  it("denied by the gate: execution-denied with the refusal text, recorded once by the gate", async () => {
    const p = processOn(memoryStore());
    const { result, model } = await firstTurn(p, "drop", {}, "call-x");
    expect(askedUser(result)).toBe(false);
    expect(toolOutputs(model.doGenerateCalls[1])[0]?.output).toEqual({
      type: "execution-denied",
      reason: expect.stringMatching(/^Tool call refused \(TOOL_DENIED, rule "no-drop"\)/),
    });
    const spans = await p.tracing.spans();
    expect(
      spans.map((span) => [span.name, span.attributes["toolgate.outcome"], span.attributes["gen_ai.tool.call.id"]]),
    ).toEqual([["execute_tool drop", "denied", "call-x"]]);
  });

  it("approved: the call runs once, as approved by the user; the gate's other approvers are not asked", async () => {
    const p = processOn(memoryStore());
    const { messages } = await answered(p, { approved: true, by: "alice" });
    expect(p.ran).not.toHaveBeenCalled();
    expect(await resume(p, messages)).toEqual({ type: "text", value: "deployed to prod" });
    expect(p.ran).toHaveBeenCalledOnce();
    expect(p.owner).not.toHaveBeenCalled();
    const [span] = await p.tracing.spans();
    expect(span?.attributes).toMatchObject({
      "toolgate.approval.outcome": "approved",
      "toolgate.approval.by": ["alice"],
    });
  });

  it("rejected: the gate refuses and records the rejection; the SDK shows execution-denied; the tool never runs", async () => {
    const p = processOn(memoryStore());
    const { messages } = await answered(p, { approved: false, by: "alice", reason: "freeze" });
    const [audit] = await p.tracing.spans();
    expect(audit?.attributes).toMatchObject({
      "gen_ai.tool.call.id": "call-dep",
      "error.type": "APPROVAL_DENIED",
      "toolgate.approval.outcome": "denied",
    });
    expect(await resume(p, messages)).toEqual({ type: "execution-denied", reason: "freeze" });
    expect(p.ran).not.toHaveBeenCalled();
    expect(await p.tracing.spans()).toHaveLength(1);
  });

  it("always approve: a session grant covers the agent's later calls of the tool under the same rule", async () => {
    const p = processOn(memoryStore());
    const { messages } = await answered(p, { approved: true, by: "alice", always: true });
    await resume(p, messages);
    const { result, model } = await firstTurn(p, "deploy", { env: "staging" }, "call-dep-2");
    expect(askedUser(result)).toBe(false);
    expect(toolOutputs(model.doGenerateCalls[1])[0]?.output).toEqual({ type: "text", value: "deployed to staging" });
    expect((await p.gate.grants()).map((grant) => [grant.tool, grant.rule, grant.by])).toEqual([
      ["deploy", "deploy-needs-user", ["alice"]],
    ]);
    const later = (await p.tracing.spans()).find((span) => span.attributes["gen_ai.tool.call.id"] === "call-dep-2");
    expect(later?.attributes["toolgate.approval.outcome"]).toBe("granted");
  });

  it("always reject: the agent's later calls of the tool are refused by the gate (recorded), without asking", async () => {
    const p = processOn(memoryStore());
    await answered(p, { approved: false, by: "alice", always: true });
    const { result, model } = await firstTurn(p, "deploy", { env: "staging" }, "call-dep-2");
    expect(askedUser(result)).toBe(false);
    expect(toolOutputs(model.doGenerateCalls[1])[0]?.output).toMatchObject({
      type: "execution-denied",
      reason: expect.stringContaining('APPROVAL_DENIED, rule "deploy-needs-user"'),
    });
    const later = (await p.tracing.spans()).find((span) => span.attributes["gen_ai.tool.call.id"] === "call-dep-2");
    expect(later?.attributes["error.type"]).toBe("APPROVAL_DENIED");
    expect(p.ran).not.toHaveBeenCalled();
  });

  it("answered in another process and resumed in a third: runs exactly once; a replayed resume does not run it", async () => {
    const store = memoryStore();
    const [asking, answering, resuming] = [processOn(store), processOn(store), processOn(store)];
    const { messages } = await answered(asking, { approved: true, by: "alice" }, answering);
    expect(await resume(resuming, messages)).toEqual({ type: "text", value: "deployed to prod" });
    const replay = await resume(processOn(store), messages);
    expect(replay).toMatchObject({ type: "error-text", value: expect.stringContaining("APPROVAL_FAILED") });
    expect(resuming.ran.mock.calls.length + asking.ran.mock.calls.length).toBe(1);
  });

  it("fails closed when the SDK says approved but nobody answered through respond()", async () => {
    const p = processOn(memoryStore());
    const { result, messages } = await firstTurn(p, "deploy", { env: "prod" }, "call-dep");
    const request = approvalRequestOf(result);
    messages.push(...result.response.messages, {
      role: "tool",
      content: [{ type: "tool-approval-response", approvalId: request.approvalId, approved: true }],
    });
    expect(await resume(p, messages)).toMatchObject({ value: expect.stringContaining("APPROVAL_FAILED") });
    expect(p.ran).not.toHaveBeenCalled();
  });

  it("reads the conversation per call from the tool's context", async () => {
    const p = processOn(memoryStore());
    const context = { weather: { thread: "thread-9" } };
    await firstTurn(p, "weather", { city: "Oslo" }, "call-c", context);
    expect((await p.tracing.spans())[0]?.attributes["gen_ai.conversation.id"]).toBe("thread-9");
  });

  it("composes with the host's own toolApproval, which cannot approve what the gate asks the user", async () => {
    const p = processOn(memoryStore());
    const toolApproval = p.approvals.toolApproval(p.gate, { weather: "user-approval", deploy: "approved" });
    const ask = (toolName: string, input: unknown) =>
      toolApproval({ toolCall: { toolName, toolCallId: `c-${toolName}`, input }, tools: p.tools as ToolSet });
    expect(await ask("weather", { city: "Rome" })).toEqual({ type: "user-approval" });
    expect(await ask("deploy", { env: "prod" })).toMatchObject({ type: "user-approval", reason: expect.any(String) });
    const denying = p.approvals.toolApproval(p.gate, () => ({ type: "denied", reason: "not on fridays" }));
    expect(
      await denying({
        toolCall: { toolName: "deploy", toolCallId: "c2", input: { env: "x" } },
        tools: p.tools as ToolSet,
      }),
    ).toEqual({
      type: "denied",
      reason: "not on fridays",
    });
    expect(await ask("unguarded", {})).toEqual({ type: "not-applicable" });
  });
});
