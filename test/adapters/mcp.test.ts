import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { type CallToolResult, CallToolResultSchema, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { context, propagation } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardClient, guardServer, MCP_AGENT_ID_META_KEY } from "../../src/adapters/mcp.js";
import {
  type ApprovalRequest,
  createGate,
  definePolicy,
  isToolgateError,
  type ToolgateError,
} from "../../src/index.js";

const exporter = new InMemorySpanExporter();
const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
let approve = true;
const owner = vi.fn(async (_request: ApprovalRequest) => ({ approved: approve, by: "alice@example.com" }));

const policy = definePolicy({
  rules: [
    {
      id: "files",
      agents: ["files-bot"],
      tools: ["read_file", "delete_file", "write_file", "ping", "late_*"],
      effect: "allow",
    },
    { id: "secrets-need-approval", tools: ["read_secret"], effect: "allow", approval: { approvers: ["owner"] } },
    { id: "no-drop", tools: ["drop_db"], effect: "deny" },
    { id: "flaky", tools: ["explode"], effect: "allow" },
  ],
  approval: { approvers: ["owner"] }, // who approves the risky (high, critical) calls by default
});
const gate = createGate({ policy, approvers: { owner }, tracerProvider });
const bot = gate.agent({ name: "files-bot", owner: "team-files" });

const ran = {
  read: vi.fn(),
  delete: vi.fn(),
  write: vi.fn(),
  secret: vi.fn(),
  drop: vi.fn(),
  ping: vi.fn(),
};
const text = (value: string): CallToolResult => ({ content: [{ type: "text", text: value }] });
const path = { path: z.string() };
/** A tool callback that records its call on `spy` and answers `value`. */
const recorded =
  (spy: (...args: unknown[]) => void, value: string) =>
  async (...args: unknown[]) => {
    spy(...args);
    return text(value);
  };

function makeServer(): McpServer {
  const server = new McpServer({ name: "files", version: "1.0.0" });
  server.registerTool("read_file", { inputSchema: path, annotations: { readOnlyHint: true } }, async (args, extra) => {
    ran.read(args, extra);
    return text(`contents of ${args.path}`);
  });
  server.registerTool("delete_file", { inputSchema: path, annotations: { destructiveHint: true } }, async (args) => {
    ran.delete(args);
    return text(`deleted ${args.path}`);
  });
  server.registerTool("write_file", { inputSchema: path }, recorded(ran.write, "written"));
  server.registerTool("read_secret", { annotations: { readOnlyHint: true } }, recorded(ran.secret, "s3cr3t"));
  server.registerTool("drop_db", { description: "Drop everything" }, recorded(ran.drop, "dropped"));
  server.registerTool("ping", {}, recorded(ran.ping, "pong"));
  server.registerTool("explode", {}, async () => {
    throw new Error("kaboom");
  });
  return server;
}

/** Connects a real Client to `server` over the SDK's in-memory transport, as the caller `auth` (if any). */
async function connect(server: McpServer, auth?: AuthInfo): Promise<Client> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  if (auth) {
    // What an authenticating transport (HTTP with bearer auth) does: deliver the verified AuthInfo per message.
    const send = clientTransport.send.bind(clientTransport);
    clientTransport.send = (message: JSONRPCMessage, options) => send(message, { ...options, authInfo: auth });
  }
  await server.connect(serverTransport);
  const client = new Client({ name: "test-client", version: "1.0.0" });
  await client.connect(clientTransport);
  return client;
}

const textOf = (result: unknown) => ((result as CallToolResult).content[0] as { text: string }).text;

async function spans() {
  await tracerProvider.forceFlush();
  return exporter.getFinishedSpans();
}

beforeAll(() => {
  // An application's OpenTelemetry SDK registers a context manager; without one no span is ever "active".
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => context.disable());
beforeEach(() => {
  exporter.reset();
  vi.clearAllMocks();
  approve = true;
});

describe("guardClient: a real Client against a real McpServer", () => {
  let client: Client;
  const refusals: ToolgateError[] = [];
  beforeAll(async () => {
    client = guardClient(bot, await connect(makeServer()), { onRefusal: (error) => refusals.push(error) });
  });
  beforeEach(() => {
    refusals.length = 0;
  });

  it("runs an allowed call; the result reaches the client; _meta carries agent id and traceparent", async () => {
    const result = await client.callTool({ name: "read_file", arguments: { path: "/srv/a" }, _meta: { mine: 1 } });
    expect(textOf(result)).toBe("contents of /srv/a");
    expect(result.isError).toBeFalsy();
    const extra = ran.read.mock.calls[0]?.[1];
    const [span] = await spans();
    expect(span?.attributes["gen_ai.agent.id"]).toBe(bot.id);
    expect(span?.attributes["gen_ai.tool.call.id"]).toEqual(expect.any(String));
    expect(span?.attributes["toolgate.tool.risk"]).toBe("low"); // readOnlyHint
    const { traceId, spanId } = span?.spanContext() ?? {};
    expect(extra._meta).toMatchObject({
      mine: 1,
      [MCP_AGENT_ID_META_KEY]: bot.id,
      traceparent: `00-${traceId}-${spanId}-01`,
    });
  });

  it("other routes to tools/call are gated (request) or refused (streamed task calls)", async () => {
    const viaRequest = await client.request(
      { method: "tools/call", params: { name: "drop_db", arguments: {} } },
      CallToolResultSchema,
    );
    expect(viaRequest.isError).toBe(true);
    expect(textOf(viaRequest)).toContain('rule "no-drop"');
    const stream = client.experimental.tasks.callToolStream({ name: "drop_db", arguments: {} });
    await expect(stream.next()).rejects.toThrow(
      /tools\/call sent through experimental.tasks.callToolStream is not gated/,
    );
    expect(ran.drop).not.toHaveBeenCalled();
    const allowed = await client.request(
      { method: "tools/call", params: { name: "read_file", arguments: { path: "/srv/b" } } },
      CallToolResultSchema,
    );
    expect(textOf(allowed)).toBe("contents of /srv/b");
  });

  it("refuses a denied call: the tool does not run; the client reads the rule; the host sees the error", async () => {
    const result = await client.callTool({ name: "drop_db", arguments: {} });
    expect(ran.drop).not.toHaveBeenCalled();
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('rule "no-drop"');
    expect(refusals.map((e) => e.code)).toEqual(["TOOL_DENIED"]);
    expect((await spans())[0]?.attributes["error.type"]).toBe("TOOL_DENIED");
  });

  it('throws the ToolgateError instead with refusal: "throw"', async () => {
    const throwing = guardClient(bot, client, { refusal: "throw" });
    const error = await throwing.callTool({ name: "drop_db", arguments: {} }).catch((e: unknown) => e);
    expect(isToolgateError(error) && error.decision?.rule).toBe("no-drop");
  });

  it("a destructiveHint tool needs approval by default: runs once approved", async () => {
    const result = await client.callTool({ name: "delete_file", arguments: { path: "/srv/a" } });
    expect(owner).toHaveBeenCalledOnce();
    expect(owner.mock.calls[0]?.[0].risk).toBe("high");
    expect(ran.delete).toHaveBeenCalledOnce();
    expect(textOf(result)).toBe("deleted /srv/a");
  });

  it("a destructiveHint tool the approver rejects does not run", async () => {
    approve = false;
    const result = await client.callTool({ name: "delete_file", arguments: { path: "/srv/a" } });
    expect(ran.delete).not.toHaveBeenCalled();
    expect(result.isError).toBe(true);
    expect(refusals[0]?.code).toBe("APPROVAL_DENIED");
  });

  it("a tool without annotations is medium risk and runs without approval", async () => {
    await client.callTool({ name: "write_file", arguments: { path: "/srv/b" } });
    expect(owner).not.toHaveBeenCalled();
    expect(ran.write).toHaveBeenCalledOnce();
    expect((await spans())[0]?.attributes["toolgate.tool.risk"]).toBe("medium");
  });

  it("readOnlyHint never lowers a policy rule that requires approval", async () => {
    approve = false;
    const result = await client.callTool({ name: "read_secret", arguments: {} });
    expect(owner).toHaveBeenCalledOnce();
    expect(ran.secret).not.toHaveBeenCalled();
    expect(textOf(result)).toContain("APPROVAL_DENIED");
  });

  it("the guarded client is the same client: other methods and the connection still work", async () => {
    expect(client).toBeInstanceOf(Client);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("read_file");
    expect(await client.ping()).toEqual({});
  });
});

describe("guardServer: every tools/call of a real McpServer, identified per request", () => {
  const agentsByClientId = new Map([["files-client", bot]]);
  const refusals: ToolgateError[] = [];
  // An McpServer serves one connection, so each caller gets its own (identically guarded) server.
  const guardedServer = () =>
    guardServer(makeServer(), {
      gate,
      identify: (extra) => agentsByClientId.get(extra.authInfo?.clientId ?? ""),
      onRefusal: (error) => refusals.push(error),
    });
  const server = guardedServer();
  let client: Client;
  beforeAll(async () => {
    client = await connect(server, { token: "t", clientId: "files-client", scopes: [] });
  });
  beforeEach(() => {
    refusals.length = 0;
  });

  it("runs an allowed call as the identified agent; the span carries the JSON-RPC request id beside its own call id", async () => {
    const result = await client.callTool({ name: "read_file", arguments: { path: "/srv/a" } });
    expect(textOf(result)).toBe("contents of /srv/a");
    const extra = ran.read.mock.calls[0]?.[1];
    const [span] = await spans();
    expect(span?.attributes["jsonrpc.request.id"]).toBe(String(extra.requestId));
    expect(span?.attributes["gen_ai.tool.call.id"]).toMatch(/^call_/);
    expect(span?.attributes["gen_ai.agent.id"]).toBe(bot.id);
    expect(span?.attributes["gen_ai.tool.type"]).toBe("function");
  });

  it("refuses a denied call: the tool does not run; the client gets an isError result naming the rule", async () => {
    const result = await client.callTool({ name: "drop_db", arguments: {} });
    expect(ran.drop).not.toHaveBeenCalled();
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('rule "no-drop"');
    expect(refusals[0]?.code).toBe("TOOL_DENIED");
  });

  it("a destructiveHint tool asks the approver: approved runs, rejected does not", async () => {
    await client.callTool({ name: "delete_file", arguments: { path: "/srv/x" } });
    expect(ran.delete).toHaveBeenCalledOnce();
    approve = false;
    const rejected = await client.callTool({ name: "delete_file", arguments: { path: "/srv/y" } });
    expect(ran.delete).toHaveBeenCalledOnce();
    expect(textOf(rejected)).toContain("APPROVAL_DENIED");
    expect(owner).toHaveBeenCalledTimes(2);
  });

  it("refuses a caller identify() cannot map to an agent (fail closed)", async () => {
    const stranger = await connect(guardedServer(), { token: "t", clientId: "someone-else", scopes: [] });
    const result = await stranger.callTool({ name: "read_file", arguments: { path: "/srv/a" } });
    expect(ran.read).not.toHaveBeenCalled();
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('rule "unidentified-agent"');
    const anonymous = await connect(guardedServer()); // no authInfo at all
    expect((await anonymous.callTool({ name: "ping", arguments: {} })).isError).toBe(true);
    expect(ran.ping).not.toHaveBeenCalled();
  });

  it("refuses an agent that is not registered with the gate", async () => {
    const otherGate = createGate({ policy, approvers: { owner } });
    const outsider = otherGate.agent({ name: "files-bot", owner: "team-files" });
    const guarded = guardServer(makeServer(), { gate, identify: () => outsider });
    const result = await (await connect(guarded)).callTool({ name: "read_file", arguments: { path: "/srv/a" } });
    expect(textOf(result)).toContain('rule "unidentified-agent"');
    // Reusing a registered agent's id does not make another gate's agent a member either.
    const impostor = otherGate.agent({ name: "files-bot", owner: "team-files", id: bot.id });
    const again = guardServer(makeServer(), { gate, identify: () => impostor });
    const refused = await (await connect(again)).callTool({ name: "read_file", arguments: { path: "/srv/a" } });
    expect(textOf(refused)).toContain('rule "unidentified-agent"');
    expect(ran.read).not.toHaveBeenCalled();
  });

  it("gates tools registered after guarding, tools without an input schema, and callbacks swapped by update()", async () => {
    const late = vi.fn(async () => text("late"));
    const handle = server.registerTool("late_tool", {}, late);
    expect(textOf(await client.callTool({ name: "late_tool", arguments: {} }))).toBe("late");
    server.registerTool("drop_db_later", {}, late); // no rule names it: default deny
    expect(textOf(await client.callTool({ name: "drop_db_later", arguments: {} }))).toContain('rule "default-deny"');
    handle.update({ annotations: { destructiveHint: true } });
    approve = false;
    expect((await client.callTool({ name: "late_tool", arguments: {} })).isError).toBe(true);
    handle.update({ callback: late });
    expect((await client.callTool({ name: "late_tool", arguments: {} })).isError).toBe(true);
    expect(late).toHaveBeenCalledOnce();
    expect(textOf(await client.callTool({ name: "ping", arguments: {} }))).toBe("pong");
  });

  it("a tool's own error stays the SDK's isError result and is recorded as failed", async () => {
    const result = await client.callTool({ name: "explode", arguments: {} });
    expect(textOf(result)).toBe("kaboom");
    expect(refusals).toEqual([]);
    expect((await spans())[0]?.attributes["toolgate.outcome"]).toBe("failed");
  });
});

describe("guardClient and guardServer together", () => {
  beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
  afterAll(() => propagation.disable());

  it("the server's span is a child of the client's span in one trace", async () => {
    const server = makeServer();
    guardServer(server, {
      gate,
      identify: (extra) => (extra._meta?.[MCP_AGENT_ID_META_KEY] === bot.id ? bot : undefined),
    });
    const client = guardClient(bot, await connect(server));
    await client.callTool({ name: "write_file", arguments: { path: "/srv/c" } });
    const [serverSpan, clientSpan] = await spans(); // the inner span ends first
    expect(serverSpan?.spanContext().traceId).toBe(clientSpan?.spanContext().traceId);
    expect(serverSpan?.parentSpanContext?.spanId).toBe(clientSpan?.spanContext().spanId);
    expect(ran.write).toHaveBeenCalledOnce();
  });
});
