import { tool } from "@langchain/core/tools";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { AIMessage, createAgent, fakeModel, HumanMessage, ToolMessage } from "langchain";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardTool, toolgateMiddleware } from "../../src/adapters/langchain.js";
import {
  type ApprovalRequest,
  createGate,
  definePolicy,
  isToolgateError,
  type ToolgateError,
} from "../../src/index.js";

const policy = definePolicy({
  rules: [
    {
      id: "read-srv",
      agents: ["files-bot"],
      tools: ["read_file"],
      effect: "allow",
      when: { path: { startsWith: "/srv/" } },
    },
    { id: "no-delete", tools: ["delete_file"], effect: "deny" },
    { id: "refunds", agents: ["files-bot"], tools: ["refund"], effect: "allow", approval: { approvers: ["owner"] } },
    { id: "flaky", agents: ["files-bot"], tools: ["flaky"], effect: "allow" },
  ],
});

let approve = true;
const owner = vi.fn(async (_request: ApprovalRequest) => ({ approved: approve, by: "alice@example.com" }));
const exporter = new InMemorySpanExporter();
const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const gate = createGate({ policy, approvers: { owner }, tracerProvider });
const bot = gate.agent({ name: "files-bot", owner: "team-files" });

const readRuns = vi.fn(async ({ path }: { path: string }) => `contents of ${path}`);
const deleteRuns = vi.fn(async ({ path }: { path: string }) => `deleted ${path}`);
const refundRuns = vi.fn(async ({ amount }: { amount: number }) => `refunded ${amount}`);
const readFile = tool(readRuns, {
  name: "read_file",
  description: "Read a file",
  schema: z.object({ path: z.string() }),
});
const deleteFile = tool(deleteRuns, {
  name: "delete_file",
  description: "Delete a file",
  schema: z.object({ path: z.string() }),
});
const refund = tool(refundRuns, { name: "refund", description: "Refund", schema: z.object({ amount: z.number() }) });
const flaky = tool(
  async () => {
    throw new Error("disk on fire");
  },
  { name: "flaky", description: "Always fails", schema: z.object({}) },
);

/** Runs a createAgent whose fake model asks for one tool call, then answers; returns what the model saw. */
async function runAgent(call: { name: string; args: Record<string, unknown>; id: string }, options = {}) {
  const model = fakeModel().respondWithTools([call]).respond(new AIMessage("done"));
  const refusals: ToolgateError[] = [];
  const middleware = toolgateMiddleware(bot, { onRefusal: (error) => refusals.push(error), ...options });
  const agent = createAgent({ model, tools: [readFile, deleteFile, refund, flaky], middleware: [middleware] });
  const result = await agent.invoke(
    { messages: [new HumanMessage("go")] },
    { configurable: { thread_id: "thread-7" } },
  );
  const seen = model.calls[1]?.messages.find((m) => ToolMessage.isInstance(m)) as ToolMessage | undefined;
  return { result, seen, refusals, model };
}

/** The finished `execute_tool` span of a call (span export is asynchronous in sdk-trace 3, hence the flush). */
async function spanOf(callId: string) {
  await tracerProvider.forceFlush();
  return exporter.getFinishedSpans().find((s) => s.attributes["gen_ai.tool.call.id"] === callId);
}

beforeEach(() => {
  exporter.reset();
  vi.clearAllMocks();
  approve = true;
});

describe("toolgateMiddleware with createAgent and a fake tool-calling model", () => {
  it("runs an allowed call; its result reaches the model; the span carries call id, agent and thread", async () => {
    const { seen, refusals } = await runAgent({ name: "read_file", args: { path: "/srv/a.txt" }, id: "call_read" });
    expect(readRuns).toHaveBeenCalledOnce();
    expect(seen?.tool_call_id).toBe("call_read");
    expect(seen?.status).not.toBe("error");
    expect(seen?.content).toBe("contents of /srv/a.txt");
    expect(refusals).toEqual([]);
    const span = await spanOf("call_read");
    expect(span?.name).toBe("execute_tool read_file");
    expect(span?.attributes["gen_ai.agent.id"]).toBe(bot.id);
    expect(span?.attributes["gen_ai.conversation.id"]).toBe("thread-7");
    expect(span?.attributes["toolgate.decision.rule"]).toBe("read-srv");
  });

  it("refuses a denied call: the tool does not run, the model sees the rule, the host gets the error", async () => {
    const { seen, refusals, result } = await runAgent({
      name: "delete_file",
      args: { path: "/srv/a" },
      id: "call_del",
    });
    expect(deleteRuns).not.toHaveBeenCalled();
    expect(seen?.tool_call_id).toBe("call_del");
    expect(seen?.status).toBe("error");
    expect(seen?.content).toContain('rule "no-delete"');
    expect(seen?.content).not.toContain(bot.id); // no internals for the model
    expect(refusals.map((e) => [e.code, e.decision?.rule])).toEqual([["TOOL_DENIED", "no-delete"]]);
    expect(result.messages.at(-1)?.content).toBe("done"); // the run went on
    expect((await spanOf("call_del"))?.attributes["error.type"]).toBe("TOOL_DENIED");
  });

  it("evaluates the rule's conditions on the call's arguments: a path outside /srv is refused", async () => {
    const { seen, refusals } = await runAgent({ name: "read_file", args: { path: "/etc/passwd" }, id: "call_etc" });
    expect(readRuns).not.toHaveBeenCalled();
    expect(seen?.status).toBe("error");
    expect(refusals[0]?.decision?.rule).toBe("default-deny");
  });

  it("runs a call needing approval once the approver approves", async () => {
    const { seen } = await runAgent({ name: "refund", args: { amount: 20 }, id: "call_refund" });
    expect(owner).toHaveBeenCalledOnce();
    expect(owner.mock.calls[0]?.[0]).toMatchObject({ tool: { name: "refund" }, rule: "refunds" });
    expect(refundRuns).toHaveBeenCalledOnce();
    expect(seen?.content).toBe("refunded 20");
    expect((await spanOf("call_refund"))?.attributes["toolgate.approval.outcome"]).toBe("approved");
  });

  it("refuses a call the approver rejects, without running it", async () => {
    approve = false;
    const { seen, refusals } = await runAgent({ name: "refund", args: { amount: 20 }, id: "call_refund2" });
    expect(refundRuns).not.toHaveBeenCalled();
    expect(seen?.status).toBe("error");
    expect(seen?.content).toContain("APPROVAL_DENIED");
    expect(refusals[0]?.code).toBe("APPROVAL_DENIED");
  });

  it("turns a tool's own error into LangChain's default error ToolMessage, recorded as failed", async () => {
    const { seen, refusals } = await runAgent({ name: "flaky", args: {}, id: "call_flaky" });
    expect(seen?.status).toBe("error");
    expect(seen?.content).toBe("Error: disk on fire\n Please fix your mistakes.");
    expect(refusals).toEqual([]);
    expect((await spanOf("call_flaky"))?.attributes["toolgate.outcome"]).toBe("failed");
  });

  it('lets a tool\'s own error propagate with toolErrors: "throw"', async () => {
    await expect(runAgent({ name: "flaky", args: {}, id: "call_flaky2" }, { toolErrors: "throw" })).rejects.toThrow(
      "disk on fire",
    );
  });
});

describe("guardTool for a structured tool", () => {
  it("invoked with a ToolCall: an allowed call returns the tool's ToolMessage, gated under that call id", async () => {
    const guarded = guardTool(bot, readFile);
    const message = await guarded.invoke({ id: "c1", name: "read_file", args: { path: "/srv/b" }, type: "tool_call" });
    expect(ToolMessage.isInstance(message)).toBe(true);
    expect(message).toMatchObject({ tool_call_id: "c1", content: "contents of /srv/b" });
    expect((await spanOf("c1"))?.attributes["gen_ai.agent.id"]).toBe(bot.id);
    expect(guarded.name).toBe("read_file");
    expect(guarded.schema).toBe(readFile.schema);
  });

  it("invoked with a ToolCall: a refusal is an error ToolMessage with that call id", async () => {
    const onRefusal = vi.fn();
    const guarded = guardTool(bot, deleteFile, { onRefusal });
    const message = await guarded.invoke({
      id: "c2",
      name: "delete_file",
      args: { path: "/srv/b" },
      type: "tool_call",
    });
    expect(deleteRuns).not.toHaveBeenCalled();
    expect(message).toMatchObject({ tool_call_id: "c2", status: "error" });
    expect(String(message.content)).toContain('rule "no-delete"');
    expect(onRefusal.mock.calls[0]?.[0].code).toBe("TOOL_DENIED");
  });

  it("invoked with plain arguments: returns the raw result, or throws the ToolgateError", async () => {
    expect(await guardTool(bot, readFile).invoke({ path: "/srv/c" })).toBe("contents of /srv/c");
    const error = await guardTool(bot, deleteFile)
      .invoke({ path: "/srv/c" })
      .catch((e: unknown) => e);
    expect(isToolgateError(error) && error.code).toBe("TOOL_DENIED");
  });

  it("every entry point is gated: invoke, call, _call, func, batch, stream", async () => {
    const guarded = guardTool(bot, deleteFile) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const attempts: [string, () => Promise<unknown>][] = [
      ["invoke", () => guarded.invoke?.({ path: "/srv/x" }) as Promise<unknown>],
      ["call", () => guarded.call?.({ path: "/srv/x" }) as Promise<unknown>],
      ["_call", () => guarded._call?.({ path: "/srv/x" }) as Promise<unknown>],
      ["func", () => guarded.func?.({ path: "/srv/x" }) as Promise<unknown>],
      ["batch", () => guarded.batch?.([{ path: "/srv/x" }]) as Promise<unknown>],
    ];
    for (const [name, attempt] of attempts) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isToolgateError(error) && error.code, name).toBe("TOOL_DENIED");
    }
    expect(deleteRuns).not.toHaveBeenCalled();
  });

  it("works as a tool of createAgent without the middleware", async () => {
    const model = fakeModel()
      .respondWithTools([{ name: "delete_file", args: { path: "/srv/x" }, id: "c3" }])
      .respond(new AIMessage("ok"));
    const agent = createAgent({ model, tools: [guardTool(bot, readFile), guardTool(bot, deleteFile)] });
    await agent.invoke({ messages: [new HumanMessage("go")] });
    const seen = model.calls[1]?.messages.find((m) => ToolMessage.isInstance(m)) as ToolMessage;
    expect(deleteRuns).not.toHaveBeenCalled();
    expect(seen).toMatchObject({ tool_call_id: "c3", status: "error" });
    expect(String(seen.content)).toContain("no-delete");
  });
});
