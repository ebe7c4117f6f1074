// Attacks on toolgate/mcp's server side (invariant 5, no call without a record): a remote MCP client chooses
// `_meta.traceparent` and the JSON-RPC request id. guardServer makes the client's traceparent the span's
// parent, so a parent-based sampler (the OpenTelemetry SDK default) obeys the client's "not sampled" flag; and
// a request id the gate refuses as a call id is refused before any span exists.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { McpServer as McpServerV2 } from "@modelcontextprotocol/server";
import { context, propagation } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { guardServer } from "../../src/adapters/mcp.js";
import { guardServer as guardServerV2 } from "../../src/adapters/mcp-v2.js";
import { createGate, definePolicy, memorySink } from "../../src/index.js";
import { linkedClient, linkedClientV2 } from "../adapters/fixtures/mcp.js";
import { memoryTracing } from "../helpers.js";

// What an application using @opentelemetry/sdk-node has registered: a context manager and W3C propagation.
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(() => {
  propagation.disable();
  context.disable();
});

const policy = definePolicy({ rules: [{ id: "ops", agents: ["ops-bot"], tools: ["*"], effect: "allow" }] });

async function served() {
  const tracing = memoryTracing();
  const sink = memorySink();
  const gate = createGate({ policy, tracerProvider: tracing.tracerProvider, audit: { sink } });
  const bot = gate.agent({ name: "ops-bot", owner: "team-ops" });
  const ran = vi.fn();
  const server = new McpServer({ name: "ops", version: "1.0.0" });
  server.registerTool("wipe", {}, async () => {
    ran();
    return { content: [{ type: "text" as const, text: "wiped" }] };
  });
  guardServer(server, { gate, identify: () => bot });
  const { client, clientSide } = await linkedClient(server, "remote");
  // The ledger's kinds of entry, once every entry is written.
  const ledger = async () => {
    await gate.close();
    return sink.lines
      .map((line) => (JSON.parse(line) as { kind: string }).kind)
      .filter((kind) => kind !== "checkpoint");
  };
  return { client, tracing, ran, clientSide, ledger };
}

const remoteTrace = "a".repeat(32);
const remoteSpan = "b".repeat(16);

describe("a remote client cannot switch the record off", () => {
  // Attack: the client sends `traceparent: …-00` (not sampled); the gate's span becomes its child, the
  // parent-based sampler drops it, and the tool runs with no span at all.
  it("a call whose client says 'not sampled' still runs with a recorded span", async () => {
    const { client, tracing, ran, ledger } = await served();
    await client.callTool({
      name: "wipe",
      arguments: {},
      _meta: { traceparent: `00-${remoteTrace}-${remoteSpan}-00` },
    });
    expect(ran).toHaveBeenCalledTimes(1);
    const spans = await tracing.spans();
    expect(spans).toHaveLength(1);
    expect(await ledger()).toEqual(["begin", "end"]);
  });

  // Attack: with "sampled", the client picks the trace the gate's span lands in (a link, per the Security
  // model, not a parent).
  it("a client's traceparent is not the parent of the gate's span", async () => {
    const { client, tracing } = await served();
    await client.callTool({
      name: "wipe",
      arguments: {},
      _meta: { traceparent: `00-${remoteTrace}-${remoteSpan}-01` },
    });
    const [span] = await tracing.spans();
    expect(span).toBeDefined();
    expect(span?.spanContext().traceId).not.toBe(remoteTrace);
    expect(span?.parentSpanContext?.spanId).not.toBe(remoteSpan);
    // The client's trace is kept, as a link the span points to.
    expect(span?.links.map((link) => link.context)).toMatchObject([{ traceId: remoteTrace, spanId: remoteSpan }]);
  });

  // Attack: a traceparent a propagator cannot read, or a huge _meta value, costs the link and nothing else.
  it("an unreadable traceparent is no link, and the call is recorded all the same", async () => {
    const { client, tracing, ran } = await served();
    for (const traceparent of [`00-${"0".repeat(32)}-${remoteSpan}-01`, "x".repeat(100_000), "00-zz"]) {
      await client.callTool({ name: "wipe", arguments: {}, _meta: { traceparent } });
    }
    expect(ran).toHaveBeenCalledTimes(3);
    const spans = await tracing.spans();
    expect(spans.map((span) => span.links.length)).toEqual([0, 0, 0]);
  });

  // Attack: a JSON-RPC id the gate cannot take as a call id (a control character, 300 characters) makes the
  // call refused before its span starts: a hostile client probes tools and leaves no trace.
  it("a call refused because of its request id still leaves a span", async () => {
    const { clientSide, tracing, ledger } = await served();
    const responses: unknown[] = [];
    const onmessage = clientSide.onmessage;
    clientSide.onmessage = (message, extra) => {
      responses.push(message);
      onmessage?.(message, extra);
    };
    for (const id of ["probe\u0007", "p".repeat(300)]) {
      await clientSide.send({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "wipe", arguments: {} } });
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(responses).toHaveLength(2);
    for (const response of responses) {
      expect(CallToolResultSchema.safeParse((response as { result?: unknown }).result).success).toBe(true);
    }
    // Refused or run under a call id of the gate's own: either way, one span per call.
    expect(await tracing.spans()).toHaveLength(2);
    expect((await ledger()).sort()).toEqual(["begin", "begin", "end", "end"]); // the two calls overlap
  });
});

describe("the same through toolgate/mcp-v2", () => {
  // Attack: as above, against the 2.x server's gated executor.
  it("a client's not-sampled traceparent is a link: the call has its own recorded span", async () => {
    const tracing = memoryTracing();
    const gate = createGate({ policy, tracerProvider: tracing.tracerProvider });
    const bot = gate.agent({ name: "ops-bot", owner: "team-ops" });
    const server = new McpServerV2({ name: "ops", version: "2.0.0" });
    server.registerTool("wipe", {}, async () => ({ content: [{ type: "text" as const, text: "wiped" }] }));
    guardServerV2(server, { gate, identify: () => bot });
    const { client } = await linkedClientV2(server, "remote");
    const traceparent = `00-${remoteTrace}-${remoteSpan}-00`;
    expect((await client.callTool({ name: "wipe", arguments: {}, _meta: { traceparent } })).isError).toBeFalsy();
    const [span, ...more] = await tracing.spans();
    expect(more).toHaveLength(0);
    expect(span?.spanContext().traceId).not.toBe(remoteTrace);
    expect(span?.links.map((link) => link.context.spanId)).toEqual([remoteSpan]);
  });
});
