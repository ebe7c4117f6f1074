import { OpenTelemetry } from "@ai-sdk/otel";
import type {
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
} from "@ai-sdk/provider";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { experimental_toolCaller, generateText, isStepCount, streamText, tool } from "ai";
import { convertArrayToReadableStream, MockLanguageModelV4 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardTools, toolgateTracer } from "../../src/adapters/ai.js";
import { type Approver, createGate, definePolicy, isToolgateError } from "../../src/index.js";

// --- the AI SDK's own mock model, fed with LanguageModelV4 results ---------------------------------------
const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};
const toolCallTurn = (toolName: string, input: unknown, toolCallId: string): LanguageModelV4GenerateResult => ({
  content: [{ type: "tool-call", toolCallId, toolName, input: JSON.stringify(input) }],
  finishReason: { unified: "tool-calls", raw: "tool_calls" },
  usage,
  warnings: [],
});
const textTurn = (text: string): LanguageModelV4GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage,
  warnings: [],
});
const streamTurn = (parts: LanguageModelV4StreamPart[]) => ({
  stream: convertArrayToReadableStream<LanguageModelV4StreamPart>([{ type: "stream-start", warnings: [] }, ...parts]),
});
const streamToolCall = (toolName: string, input: unknown, toolCallId: string) =>
  streamTurn([
    { type: "tool-call", toolCallId, toolName, input: JSON.stringify(input) },
    { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage },
  ]);
const streamText_ = (text: string) =>
  streamTurn([
    { type: "text-start", id: "t" },
    { type: "text-delta", id: "t", delta: text },
    { type: "text-end", id: "t" },
    { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage },
  ]);
/** The tool results the model received in a call's prompt. */
const toolOutputs = (call: LanguageModelV4CallOptions | undefined) =>
  (call?.prompt ?? []).flatMap((message) =>
    message.role === "tool" ? message.content.flatMap((part) => (part.type === "tool-result" ? [part] : [])) : [],
  );

// --- a gate with spans in memory ---------------------------------------------------------------------------
const policy = definePolicy({
  rules: [
    { id: "weather-ok", tools: ["weather", "progress"], effect: "allow" },
    { id: "rm-needs-owner", tools: ["rm"], effect: "allow", approval: { approvers: ["owner"] } },
    { id: "deploy-needs-user", tools: ["deploy"], effect: "allow", approval: { approvers: ["user"] } },
    { id: "no-drop", tools: ["drop"], effect: "deny" },
  ],
});
const exporter = new InMemorySpanExporter();
const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => context.setGlobalContextManager(contextManager.enable()));
afterAll(() => {
  contextManager.disable();
  context.disable();
});

function setup(owner: Approver = async () => ({ approved: true, by: "olivia" })) {
  exporter.reset();
  const gate = createGate({ policy, tracerProvider, approvers: { owner, user: owner } });
  return { gate, agent: gate.agent({ name: "support-bot", owner: "team-support" }) };
}
// sdk-trace 3 exports asynchronously, even from a SimpleSpanProcessor.
async function finishedSpans() {
  await tracerProvider.forceFlush();
  return exporter.getFinishedSpans();
}
const spanOf = async (tool: string) => (await finishedSpans()).find((span) => span.name === `execute_tool ${tool}`);

type WeatherExecute = (input: { city: string }, options: { abortSignal?: AbortSignal }) => Promise<unknown>;
const weatherTool = (execute: WeatherExecute = vi.fn(async ({ city }) => ({ city, forecast: "sunny" }))) => ({
  execute,
  weather: tool({ description: "Get the weather", inputSchema: z.object({ city: z.string() }), execute }),
});

describe("toolgate/ai guardTools", () => {
  it("runs an allowed call and its result reaches the model", async () => {
    const { agent } = setup();
    const { weather, execute } = weatherTool();
    const model = new MockLanguageModelV4({
      doGenerate: [toolCallTurn("weather", { city: "Paris" }, "call-w"), textTurn("ok")],
    });
    const result = await generateText({
      model,
      tools: guardTools(agent, { weather }),
      prompt: "hi",
      stopWhen: isStepCount(3),
    });
    expect(result.text).toBe("ok");
    expect(execute).toHaveBeenCalledWith({ city: "Paris" }, expect.objectContaining({ toolCallId: "call-w" }));
    expect(toolOutputs(model.doGenerateCalls[1])).toMatchObject([
      { toolCallId: "call-w", output: { type: "json", value: { city: "Paris", forecast: "sunny" } } },
    ]);
  });

  it("puts the SDK's toolCallId and the agent id on the execute_tool span", async () => {
    const { agent } = setup();
    const model = new MockLanguageModelV4({
      doGenerate: [toolCallTurn("weather", { city: "Oslo" }, "call-span"), textTurn("ok")],
    });
    await generateText({
      model,
      tools: guardTools(agent, { weather: weatherTool().weather }),
      prompt: "hi",
      stopWhen: isStepCount(3),
    });
    expect((await spanOf("weather"))?.attributes).toMatchObject({
      "gen_ai.tool.call.id": "call-span",
      "gen_ai.agent.id": agent.id,
      "toolgate.decision.rule": "weather-ok",
      "toolgate.outcome": "allowed",
    });
  });

  it("never runs a denied call; the model reads the reason and rule, the host gets the ToolgateError", async () => {
    const { agent } = setup();
    const execute = vi.fn(async (): Promise<string> => "dropped");
    const onRefusal = vi.fn();
    const drop = tool({ description: "Drop a table", inputSchema: z.object({ table: z.string() }), execute });
    const model = new MockLanguageModelV4({
      doGenerate: [toolCallTurn("drop", { table: "users" }, "call-d"), textTurn("ok")],
    });
    const tools = guardTools(agent, { drop }, { onRefusal });
    const result = await generateText({ model, tools, prompt: "drop it", stopWhen: isStepCount(3) });
    expect(execute).not.toHaveBeenCalled();
    const seen = toolOutputs(model.doGenerateCalls[1])[0]?.output;
    expect(seen).toMatchObject({ type: "error-text" });
    const text = (seen as { value: string }).value;
    expect(text).toContain('rule "no-drop"');
    expect(text).toMatch(/^Tool call refused \(TOOL_DENIED/); // the documented text, no "ToolgateError:" prefix
    expect(text).not.toContain(agent.id); // no internals for the model
    const part = result.steps[0]?.content.find((p) => p.type === "tool-error");
    expect(isToolgateError(part?.error) && part.error.code).toBe("TOOL_DENIED");
    expect(onRefusal).toHaveBeenCalledWith(expect.objectContaining({ code: "TOOL_DENIED", agentId: agent.id }), {
      toolName: "drop",
      toolCallId: "call-d",
    });
    expect((await spanOf("drop"))?.attributes).toMatchObject({
      "gen_ai.tool.call.id": "call-d",
      "toolgate.outcome": "denied",
    });
  });

  it('with refusal: "result", the refusal text is the tool result', async () => {
    const { agent } = setup();
    const drop = tool({ inputSchema: z.object({}), execute: async (): Promise<string> => "dropped" });
    const model = new MockLanguageModelV4({ doGenerate: [toolCallTurn("drop", {}, "call-r"), textTurn("ok")] });
    await generateText({
      model,
      tools: guardTools(agent, { drop }, { refusal: "result" }),
      prompt: "x",
      stopWhen: isStepCount(3),
    });
    expect(toolOutputs(model.doGenerateCalls[1])[0]?.output).toMatchObject({
      type: "text",
      value: expect.stringContaining('rule "no-drop"'),
    });
  });

  it.each([
    [true, { type: "text", value: "deleted /tmp/x" }],
    // The model reads the code and rule, not who rejected it or their note (the host's error has both).
    [
      false,
      {
        type: "error-text",
        value: expect.stringMatching(/APPROVAL_DENIED, rule "rm-needs-owner"\): an approver rejected it\.(?!.*olivia)/),
      },
    ],
  ])("asks the gate's approver with the SDK call id (approved: %s)", async (approved, seen) => {
    const owner = vi.fn<Approver>(async () => ({ approved, by: "olivia", reason: "not today" }));
    const { agent } = setup(owner);
    const execute = vi.fn(async ({ path }: { path: string }) => `deleted ${path}`);
    const rm = tool({ inputSchema: z.object({ path: z.string() }), execute });
    const model = new MockLanguageModelV4({
      doGenerate: [toolCallTurn("rm", { path: "/tmp/x" }, "call-rm"), textTurn("ok")],
    });
    await generateText({ model, tools: guardTools(agent, { rm }), prompt: "x", stopWhen: isStepCount(3) });
    expect(owner).toHaveBeenCalledWith(
      expect.objectContaining({ callId: "call-rm", input: { path: "/tmp/x" } }),
      expect.anything(),
    );
    expect(execute).toHaveBeenCalledTimes(approved ? 1 : 0);
    expect(toolOutputs(model.doGenerateCalls[1])[0]?.output).toEqual(seen);
  });

  it("keeps every tool property, symbols and non-enumerable ones included; tools without execute stay as they are", async () => {
    const { gate, agent } = setup();
    const marker = Symbol("marker");
    const toModelOutput = () => ({ type: "text" as const, value: "x" });
    const weather = Object.assign(
      tool({ description: "w", inputSchema: z.object({}), execute: async () => "r", toModelOutput, strict: true }),
      { [marker]: 1 },
    );
    const caller = experimental_toolCaller(weather, { caller: "code" } as never);
    const clientSide = tool({ description: "ask the user", inputSchema: z.object({}) });
    const guarded = guardTools(agent, { weather, caller, clientSide });
    expect(guarded.weather).toMatchObject({
      description: "w",
      inputSchema: weather.inputSchema,
      toModelOutput,
      strict: true,
    });
    expect(guarded.weather[marker]).toBe(1);
    expect(guarded.weather.execute).not.toBe(weather.execute);
    expect(Object.getOwnPropertyDescriptor(guarded.caller, "experimental_toolCaller")?.enumerable).toBe(false);
    expect(guarded.clientSide).toBe(clientSide);
    expect((await gate.inventory())[0]?.tools).toEqual(["weather", "caller"]); // registered before any call
  });
});

describe("toolgate/ai: no way around the gate", () => {
  it("a local tool caller is gated after the SDK binds it (a denied caller does not run)", async () => {
    const { agent } = setup();
    const ran = vi.fn();
    const codeTool = () =>
      tool({ description: "run code", inputSchema: z.object({ src: z.string() }), execute: async () => ran() });
    const drop = experimental_toolCaller(codeTool(), { type: "local", bind: () => codeTool() } as never);
    const { weather } = weatherTool();
    const model = new MockLanguageModelV4({
      doGenerate: [toolCallTurn("drop", { src: "rm -rf /" }, "c1"), textTurn("ok")],
    });
    const result = await generateText({
      model,
      tools: guardTools(agent, { weather, drop }),
      prompt: "x",
      stopWhen: isStepCount(3),
      experimental_toolCallers: { weather: ["drop"] },
    } as never);
    expect(ran).not.toHaveBeenCalled();
    expect(result.steps[0]?.content.find((part) => part.type === "tool-error")).toBeDefined();
    expect((await spanOf("drop"))?.attributes["toolgate.decision.rule"]).toBe("no-drop");
  });

  it("the gate decides on the input the SDK validated: transforms are not applied twice", async () => {
    const { agent } = setup();
    const execute = vi.fn(async (input: { city: string }) => input.city);
    const weather = tool({
      description: "w",
      inputSchema: z.object({ city: z.string().transform((city) => `${city}!`) }),
      execute,
    });
    const model = new MockLanguageModelV4({
      doGenerate: [toolCallTurn("weather", { city: "Oslo" }, "c2"), textTurn("ok")],
    });
    await generateText({ model, tools: guardTools(agent, { weather }), prompt: "x", stopWhen: isStepCount(3) });
    expect(execute).toHaveBeenCalledWith({ city: "Oslo!" }, expect.anything());
  });
});

describe("toolgate/ai streaming, abort and telemetry", () => {
  it("keeps an async generator streaming preliminary results, gated before the first chunk", async () => {
    const events: string[] = [];
    const owner: Approver = async () => {
      events.push("approved");
      return { approved: true, by: "olivia" };
    };
    const { agent } = setup(owner);
    const rm = tool({
      inputSchema: z.object({ path: z.string() }),
      async *execute({ path }) {
        for (const pct of [0, 50, 100]) {
          events.push(`chunk ${pct}`);
          yield { path, pct };
        }
      },
    });
    const model = new MockLanguageModelV4({
      doStream: [streamToolCall("rm", { path: "/a" }, "call-s"), streamText_("ok")],
    });
    const result = streamText({ model, tools: guardTools(agent, { rm }), prompt: "x", stopWhen: isStepCount(3) });
    const parts: unknown[] = [];
    for await (const part of result.fullStream)
      if (part.type === "tool-result") parts.push([part.output, part.preliminary ?? false]);
    expect(events).toEqual(["approved", "chunk 0", "chunk 50", "chunk 100"]);
    expect(parts).toEqual([
      [{ path: "/a", pct: 0 }, true],
      [{ path: "/a", pct: 50 }, true],
      [{ path: "/a", pct: 100 }, true],
      [{ path: "/a", pct: 100 }, false],
    ]);
    expect(toolOutputs(model.doStreamCalls[1])[0]?.output).toEqual({ type: "json", value: { path: "/a", pct: 100 } });
    expect((await spanOf("rm"))?.attributes).toMatchObject({
      "toolgate.outcome": "allowed",
      "gen_ai.tool.call.id": "call-s",
    });
  });

  it("never starts a denied streaming tool", async () => {
    const { agent } = setup();
    const started = vi.fn();
    const drop = tool({
      inputSchema: z.object({}),
      async *execute() {
        started();
        yield "chunk";
      },
    });
    const model = new MockLanguageModelV4({ doStream: [streamToolCall("drop", {}, "call-x"), streamText_("ok")] });
    const result = streamText({ model, tools: guardTools(agent, { drop }), prompt: "x", stopWhen: isStepCount(3) });
    const errors: unknown[] = [];
    for await (const part of result.fullStream) if (part.type === "tool-error") errors.push(part.error);
    expect(started).not.toHaveBeenCalled();
    expect(isToolgateError(errors[0]) && errors[0].code).toBe("TOOL_DENIED");
  });

  it("honours abortSignal: refused before the tool runs, and passed on to a running tool", async () => {
    const { agent } = setup();
    const execute = vi.fn(async (_input: { city: string }, options: { abortSignal?: AbortSignal }) => {
      controller.abort();
      return options.abortSignal?.aborted;
    });
    const controller = new AbortController();
    const { weather } = guardTools(agent, { weather: weatherTool(execute).weather });
    const options = { toolCallId: "call-a", messages: [], context: {}, abortSignal: controller.signal };
    await expect(weather.execute?.({ city: "Paris" }, options)).resolves.toBe(true);
    await expect(weather.execute?.({ city: "Paris" }, options)).rejects.toMatchObject({ code: "ABORTED" });
    expect(execute).toHaveBeenCalledOnce();
  });

  it("with toolgateTracer, a guarded call has one execute_tool span (toolgate's) under the SDK's step span", async () => {
    const { agent } = setup();
    const model = new MockLanguageModelV4({
      doGenerate: [toolCallTurn("weather", { city: "Lima" }, "call-t"), textTurn("ok")],
    });
    const tools = guardTools(agent, { weather: weatherTool().weather });
    const integrations = new OpenTelemetry({ tracer: toolgateTracer(tracerProvider.getTracer("ai-sdk"), tools) });
    await generateText({ model, tools, prompt: "hi", stopWhen: isStepCount(3), telemetry: { integrations } });
    const all = await finishedSpans();
    const toolSpans = all.filter((span) => span.name === "execute_tool weather");
    expect(toolSpans).toHaveLength(1);
    const [ours] = toolSpans;
    expect(ours?.instrumentationScope.name).toBe("toolgate");
    expect(ours?.attributes).toMatchObject({ "gen_ai.tool.call.id": "call-t", "gen_ai.agent.id": agent.id });
    const parent = all.find((span) => span.spanContext().spanId === ours?.parentSpanContext?.spanId);
    expect(parent?.instrumentationScope.name).toBe("ai-sdk");
    expect(parent?.spanContext().traceId).toBe(ours?.spanContext().traceId);
  });

  it("without it, the toolgate span nests under the AI SDK's own execute_tool span", async () => {
    const { agent } = setup();
    const model = new MockLanguageModelV4({
      doGenerate: [toolCallTurn("weather", { city: "Lima" }, "call-t"), textTurn("ok")],
    });
    const integrations = new OpenTelemetry({ tracer: tracerProvider.getTracer("ai-sdk") as never });
    await generateText({
      model,
      tools: guardTools(agent, { weather: weatherTool().weather }),
      prompt: "hi",
      stopWhen: isStepCount(3),
      telemetry: { integrations },
    });
    const spans = (await finishedSpans()).filter((span) => span.name === "execute_tool weather");
    const sdkSpan = spans.find((span) => span.instrumentationScope.name === "ai-sdk");
    const ours = spans.find((span) => span.instrumentationScope.name === "toolgate");
    expect(ours?.parentSpanContext?.spanId).toBe(sdkSpan?.spanContext().spanId);
  });
});
