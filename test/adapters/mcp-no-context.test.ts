// Runs in its own file so no context manager or propagator is registered (vitest isolates files).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { expect, it } from "vitest";
import { guardClient, MCP_AGENT_ID_META_KEY } from "../../src/adapters/mcp.js";
import { createGate, definePolicy } from "../../src/index.js";
import { memoryTracing } from "../helpers.js";
import { linkedClient } from "./fixtures/mcp.js";

it("guardClient sends the toolgate span's traceparent even without a context manager", async () => {
  const tracing = memoryTracing();
  const gate = createGate({
    policy: definePolicy({ rules: [{ id: "ping", tools: ["ping"], effect: "allow" }] }),
    tracerProvider: tracing.tracerProvider,
  });
  const bot = gate.agent({ name: "bot", owner: "team" });
  let meta: Record<string, unknown> | undefined;
  const server = new McpServer({ name: "s", version: "1.0.0" });
  server.registerTool("ping", {}, async (extra) => {
    meta = extra._meta;
    return { content: [{ type: "text", text: "pong" }] };
  });
  const { client } = await linkedClient(server, "c");
  await guardClient(bot, client).callTool({ name: "ping", arguments: {} });
  const span = await tracing.only();
  const { traceId, spanId } = span.spanContext();
  expect(meta).toMatchObject({ traceparent: `00-${traceId}-${spanId}-01`, [MCP_AGENT_ID_META_KEY]: bot.id });
});
