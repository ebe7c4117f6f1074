import {
  type AgentInputItem,
  type AgentOutputItem,
  Agent as AgentsAgent,
  type Model,
  type ModelRequest,
  type ModelResponse,
  RunContext,
  run,
  type StreamEvent,
  setTracingDisabled,
  tool,
  Usage,
  webSearchTool,
} from "@openai/agents";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardTool, guardTools } from "../../src/adapters/openai-agents.js";
import { type Approver, createGate, definePolicy, isToolgateError } from "../../src/index.js";

setTracingDisabled(true); // the SDK's own trace exporter would try to reach OpenAI

// --- a scripted Model: the Agents SDK's own extension point for models, no network ---------------------------
class FakeModel implements Model {
  readonly requests: ModelRequest[] = [];
  constructor(private readonly turns: AgentOutputItem[][]) {}
  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(request);
    const output = this.turns[this.requests.length - 1] ?? [];
    return {
      usage: new Usage({ requests: 1, inputTokens: 1, outputTokens: 1, totalTokens: 2 }),
      output,
      responseId: "r",
    };
  }
  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    const { output } = await this.getResponse(request);
    const usage = { requests: 1, inputTokens: 1, outputTokens: 1, totalTokens: 2 };
    yield { type: "response_done", response: { id: "r", usage, output } } as StreamEvent;
  }
  /** What the model was told about a call, on its next request. */
  resultFor(callId: string): unknown {
    const input = this.requests.at(-1)?.input as AgentInputItem[];
    const item = input.find((i) => i.type === "function_call_result" && i.callId === callId);
    return item && "output" in item ? item.output : undefined;
  }
}
const functionCall = (name: string, args: unknown, callId: string): AgentOutputItem => ({
  type: "function_call",
  callId,
  name,
  arguments: JSON.stringify(args),
  status: "completed",
});
const assistantText = (text: string): AgentOutputItem => ({
  type: "message",
  role: "assistant",
  status: "completed",
  content: [{ type: "output_text", text }],
});
const text = (value: unknown) => (value as { type: string; text: string }).text;

// --- a gate with spans in memory ---------------------------------------------------------------------------
const policy = definePolicy({
  rules: [
    { id: "weather-ok", tools: ["weather"], effect: "allow" },
    { id: "rm-needs-owner", tools: ["rm"], effect: "allow", approval: { approvers: ["owner"] } },
    { id: "deploy-needs-user", tools: ["deploy"], effect: "allow", approval: { approvers: ["user"] } },
    { id: "no-drop", tools: ["drop"], effect: "deny" },
  ],
});
const exporter = new InMemorySpanExporter();
const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
function setup(owner: Approver = async () => ({ approved: true, by: "olivia" })) {
  exporter.reset();
  const gate = createGate({ policy, tracerProvider, approvers: { owner, user: owner } });
  return { gate, agent: gate.agent({ name: "support-bot", owner: "team-support" }) };
}
const spanOf = async (name: string) => {
  await tracerProvider.forceFlush(); // sdk-trace 3 exports asynchronously
  return exporter.getFinishedSpans().find((span) => span.name === `execute_tool ${name}`);
};

const makeTool = (name: string, execute = vi.fn(async ({ arg }: { arg: string }) => `${name} done: ${arg}`)) => ({
  execute,
  tool: tool({ name, description: `The ${name} tool`, parameters: z.object({ arg: z.string() }), execute }),
});
async function runOnce(guarded: ReturnType<typeof tool>, callId: string, options: { stream?: boolean } = {}) {
  const model = new FakeModel([[functionCall(guarded.name, { arg: "x" }, callId)], [assistantText("fin")]]);
  const bot = new AgentsAgent({ name: "bot", model, tools: [guarded] });
  const result = options.stream ? await run(bot, "go", { stream: true }) : await run(bot, "go");
  if ("completed" in result) {
    for await (const _event of result);
    await result.completed;
  }
  return { model, result };
}

describe("toolgate/openai-agents guardTool", () => {
  it.each([false, true])("runs an allowed call and its result reaches the model (stream: %s)", async (stream) => {
    const { agent } = setup();
    const { tool: weather, execute } = makeTool("weather");
    const { model, result } = await runOnce(guardTool(agent, weather), "call_w", { stream });
    expect(result.finalOutput).toBe("fin");
    expect(execute).toHaveBeenCalledWith({ arg: "x" }, expect.anything(), expect.anything());
    expect(model.resultFor("call_w")).toEqual({ type: "text", text: "weather done: x" });
  });

  it("puts the SDK's callId and the agent id on the execute_tool span", async () => {
    const { agent } = setup();
    await runOnce(guardTool(agent, makeTool("weather").tool), "call_span");
    expect((await spanOf("weather"))?.attributes).toMatchObject({
      "gen_ai.tool.call.id": "call_span",
      "gen_ai.agent.id": agent.id,
      "toolgate.decision.rule": "weather-ok",
      "toolgate.outcome": "allowed",
    });
  });

  it("never runs a denied call; the model reads the reason and rule and the run goes on", async () => {
    const { agent } = setup();
    const { tool: drop, execute } = makeTool("drop");
    const onRefusal = vi.fn();
    const { model, result } = await runOnce(guardTool(agent, drop, { onRefusal }), "call_d");
    expect(execute).not.toHaveBeenCalled();
    expect(result.finalOutput).toBe("fin");
    const seen = text(model.resultFor("call_d"));
    expect(seen).toMatch(/^Tool call refused \(TOOL_DENIED, rule "no-drop"\)/);
    expect(seen).not.toContain(agent.id);
    expect(onRefusal).toHaveBeenCalledWith(expect.objectContaining({ code: "TOOL_DENIED" }), {
      toolName: "drop",
      callId: "call_d",
    });
    expect((await spanOf("drop"))?.attributes).toMatchObject({
      "gen_ai.tool.call.id": "call_d",
      "toolgate.outcome": "denied",
    });
  });

  it('with refusal: "throw", the run fails and carries the ToolgateError', async () => {
    const { agent } = setup();
    const failed = runOnce(guardTool(agent, makeTool("drop").tool, { refusal: "throw" }), "call_t");
    await expect(failed).rejects.toSatisfy(
      (error: { error?: unknown }) => isToolgateError(error.error) && error.error.code === "TOOL_DENIED",
    );
  });

  it.each([true, false])("asks the gate's approver with the SDK call id (approved: %s)", async (approved) => {
    const owner = vi.fn<Approver>(async () => ({ approved, by: "olivia", reason: "not today" }));
    const { agent } = setup(owner);
    const { tool: rm, execute } = makeTool("rm");
    const { model } = await runOnce(guardTool(agent, rm), "call_rm");
    expect(owner).toHaveBeenCalledWith(
      expect.objectContaining({ callId: "call_rm", input: { arg: "x" } }),
      expect.anything(),
    );
    expect(execute).toHaveBeenCalledTimes(approved ? 1 : 0);
    const seen = text(model.resultFor("call_rm"));
    if (approved) expect(seen).toBe("rm done: x");
    else
      expect(seen).toBe(
        'Tool call refused (APPROVAL_DENIED, rule "rm-needs-owner"): an approver rejected it. Do not retry this exact call.',
      );
  });

  it("honours an aborted signal: refused before the tool runs", async () => {
    const { agent } = setup();
    const { tool: weather, execute } = makeTool("weather");
    const details = { toolCall: functionCall("weather", { arg: "x" }, "call_a") as never, signal: AbortSignal.abort() };
    const output = await guardTool(agent, weather).invoke(new RunContext(), '{"arg":"x"}', details);
    expect(execute).not.toHaveBeenCalled();
    expect(output).toMatch(/^Tool call refused \(ABORTED/);
  });

  it("keeps every property, symbols included; guardTools refuses hosted tools, which it cannot gate", () => {
    const { agent } = setup();
    const structured = tool({
      name: "weather",
      description: "w",
      parameters: z.object({}),
      outputSchema: z.object({ ok: z.boolean() }),
      execute: async () => ({ ok: true }),
    });
    const guarded = guardTool(agent, structured);
    expect(Reflect.ownKeys(guarded)).toEqual(Reflect.ownKeys(structured));
    for (const key of Object.getOwnPropertySymbols(structured))
      expect(guarded[key as never]).toBe(structured[key as never]);
    expect(guarded.invoke).not.toBe(structured.invoke);
    expect(guarded.needsApproval).toBe(structured.needsApproval);
    const [first] = guardTools(agent, [structured]);
    expect(first).not.toBe(structured);
    expect(guardTool(agent, guarded)).toBe(guarded); // never gated twice
    expect(() => guardTools(agent, [structured, webSearchTool()])).toThrow(/hosted tool: it runs on OpenAI's servers/);
  });
});
