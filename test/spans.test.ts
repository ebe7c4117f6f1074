import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createGate, definePolicy, defineTool, hashArguments, memorySink, verifyAudit } from "../src/index.js";
import { memoryTracing, recordingTool } from "./helpers.js";

const policy = definePolicy({
  rules: [
    {
      id: "reads",
      agents: ["bot"],
      tools: ["crm.*"],
      effect: "allow",
      description: "support may read the CRM",
    },
    { id: "never-drop", tools: ["db.drop*"], effect: "deny" },
  ],
});

function setup(audit?: { captureArguments?: boolean; captureResults?: boolean }) {
  const tracing = memoryTracing();
  const gate = createGate({ policy, tracerProvider: tracing.tracerProvider, audit });
  const agent = gate.agent({ name: "bot", owner: "team-support", version: "2.0.0" });
  return { ...tracing, gate, agent };
}

describe("execute_tool spans", () => {
  it("an allowed call: GenAI semconv and toolgate attributes, status unset", async () => {
    const { agent, only } = setup();
    await agent
      .guard(recordingTool("crm.read", { tags: ["pii"] }).tool)
      .call({}, { callId: "call_7", conversationId: "conv_1" });
    const span = await only();
    expect(span.name).toBe("execute_tool crm.read");
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "crm.read",
      "gen_ai.tool.call.id": "call_7",
      "gen_ai.tool.type": "function",
      "gen_ai.tool.description": "test tool crm.read",
      "gen_ai.agent.id": agent.id,
      "gen_ai.agent.name": "bot",
      "gen_ai.agent.version": "2.0.0",
      "gen_ai.conversation.id": "conv_1",
      "toolgate.agent.owner": "team-support",
      "toolgate.tool.risk": "medium",
      "toolgate.tool.tags": ["pii"],
      "toolgate.decision.effect": "allow",
      "toolgate.decision.rule": "reads",
      "toolgate.decision.reason": 'allowed by rule "reads": support may read the CRM',
      "toolgate.outcome": "allowed",
      "toolgate.args_hash": hashArguments({}),
      "toolgate.audit.seq": 2, // the begin entry was 1
      "toolgate.audit.begin_seq": 1,
    });
    expect(span.attributes["error.type"]).toBeUndefined();
    expect(span.attributes["gen_ai.tool.call.arguments"]).toBeUndefined();
    expect(span.attributes["toolgate.agent.chain"]).toBeUndefined();
  });

  it("a delegate's span names its parent and the delegation chain", async () => {
    const { agent, only } = setup();
    const helper = agent.delegate({ name: "helper", tools: ["crm.*"] });
    await helper.guard(recordingTool("crm.read").tool).call({});
    expect((await only()).attributes).toMatchObject({
      "gen_ai.agent.id": helper.id,
      "toolgate.agent.parent_id": agent.id,
      "toolgate.agent.chain": [agent.id, helper.id],
    });
  });

  it("a denied call ends the span with ERROR, error.type and the deciding rule", async () => {
    const { agent, only } = setup();
    await agent.guard(recordingTool("db.drop_all").tool).safeCall({});
    const span = await only();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.status.message).toMatch(/denied by rule "never-drop"/);
    expect(span.attributes).toMatchObject({
      "error.type": "TOOL_DENIED",
      "toolgate.decision.effect": "deny",
      "toolgate.decision.rule": "never-drop",
      "toolgate.outcome": "denied",
    });
  });

  it("invalid input and suspension are recorded with their own rule", async () => {
    const { agent, gate, spans } = setup();
    await agent.guard(recordingTool("crm.read").tool).safeCall({ amount: "x" as never });
    await gate.suspend(agent.id, "anomaly");
    await agent.guard(recordingTool("crm.read").tool).safeCall({});
    expect((await spans()).map((s) => [s.attributes["error.type"], s.attributes["toolgate.decision.rule"]])).toEqual([
      ["INVALID_INPUT", "invalid-input"],
      ["AGENT_SUSPENDED", "suspended"],
    ]);
  });

  it("a failing tool: ERROR status, the error's class as error.type, an exception event", async () => {
    const { agent, only } = setup();
    const tool = defineTool({
      name: "crm.read",
      input: z.object({}),
      execute: () => Promise.reject(new TypeError("bad shape")),
    });
    await agent.guard(tool).safeCall({});
    const span = await only();
    expect(span.attributes).toMatchObject({ "error.type": "TypeError", "toolgate.outcome": "failed" });
    expect(span.events.map((e) => e.name)).toContain("exception");
  });

  it("arguments and results are opt-in and redacted", async () => {
    const { agent, only } = setup({ captureArguments: true, captureResults: true });
    const tool = defineTool({
      name: "crm.read",
      input: z.object({ user: z.string(), apiKey: z.string() }),
      execute: () => ({ token: "ghp_abcdefghijklmnopqrstuvwxyz0123", rows: 2 }),
    });
    await agent.guard(tool).call({ user: "ann", apiKey: "hunter2" });
    const span = await only();
    expect(JSON.parse(span.attributes["gen_ai.tool.call.arguments"] as string)).toEqual({
      user: "ann",
      apiKey: "[REDACTED:api-key]",
    });
    expect(JSON.parse(span.attributes["gen_ai.tool.call.result"] as string)).toEqual({
      token: "[REDACTED:github-token]",
      rows: 2,
    });
    expect(span.attributes["toolgate.redaction.count"]).toBe(2);
  });

  it("every call's closing ledger entry is on its span, and the chain from the spans verifies", async () => {
    const { agent, spans, gate } = setup();
    const read = agent.guard(recordingTool("crm.read").tool);
    const drop = agent.guard(recordingTool("db.drop").tool);
    await read.call({});
    await drop.safeCall({});
    await read.call({});
    const all = await spans();
    expect(all).toHaveLength(3);
    const lines: string[] = [];
    for (const span of all) {
      for (const event of span.events) {
        if (event.name.startsWith("toolgate.audit.")) lines.push(event.attributes?.["toolgate.audit.entry"] as string);
      }
      lines.push(span.attributes["toolgate.audit.entry"] as string);
    }
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries.map((entry) => entry.kind)).toEqual(["begin", "end", "refusal", "begin", "end"]);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[2]).toMatchObject({
      code: "TOOL_DENIED",
      decision: { rule: "never-drop" },
      tool: { name: "db.drop" },
    });
    const report = verifyAudit(lines.join("\n"), { live: true });
    expect(report.breaks).toEqual([]);
    expect(gate.auditHead()).toMatchObject({ seq: 5, hash: entries[4].hash });
  });

  it("with a sink, every call is in the ledger even with tracing off", async () => {
    const sink = memorySink();
    const gate = createGate({ policy, audit: { sink } });
    const agent = gate.agent({ name: "bot", owner: "t" });
    await agent.guard(recordingTool("crm.read").tool).call({}, { conversationId: "c9" });
    await agent.guard(recordingTool("db.drop").tool).safeCall({});
    await gate.close();
    const entries = sink.lines.map((line) => JSON.parse(line));
    expect(entries.map((entry) => entry.kind)).toEqual(["begin", "end", "refusal"]);
    expect(entries[0]).toMatchObject({
      tool: { name: "crm.read" },
      conversationId: "c9",
      agent: { id: agent.id, chain: [agent.id] },
    });
    expect(verifyAudit(sink.text()).breaks).toEqual([]);
  });

  it("works with no SDK registered: nothing recorded, calls still gated", async () => {
    const gate = createGate({ policy });
    const agent = gate.agent({ name: "bot", owner: "t" });
    await expect(agent.guard(recordingTool("crm.read").tool).call({})).resolves.toMatchObject({ ok: true });
    await expect(agent.guard(recordingTool("db.drop").tool).call({})).rejects.toMatchObject({
      code: "TOOL_DENIED",
    });
  });
});

describe("span context under a real AsyncLocalStorage context manager", () => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    context.setGlobalContextManager(manager.enable());
  });
  afterAll(() => {
    context.disable();
  });

  it("nests under the caller's span, and spans the tool creates are its children", async () => {
    const { agent, tracerProvider, spans } = setup();
    const tracer = tracerProvider.getTracer("test");
    const tool = defineTool({
      name: "crm.read",
      input: z.object({}),
      execute: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return tracer.startActiveSpan("http GET /crm", (child) => {
          child.end();
          return trace.getActiveSpan()?.spanContext().spanId;
        });
      },
    });
    const guarded = agent.guard(tool);
    await tracer.startActiveSpan("invoke_agent bot", async (parent) => {
      await Promise.all([guarded.call({}), guarded.call({})]);
      parent.end();
    });
    const finished = await spans();
    const byName = (name: string) => finished.filter((s) => s.name === name);
    const [root] = byName("invoke_agent bot");
    const gates = byName("execute_tool crm.read");
    const children = byName("http GET /crm");
    expect(gates).toHaveLength(2);
    for (const span of gates) expect(span.parentSpanContext?.spanId).toBe(root?.spanContext().spanId);
    const gateIds = new Set(gates.map((s) => s.spanContext().spanId));
    for (const child of children) expect(gateIds.has(child.parentSpanContext?.spanId ?? "")).toBe(true);
    expect(new Set(children.map((c) => c.parentSpanContext?.spanId)).size).toBe(2);
  });
});
