// toolgate/mcp-v2 with the real MCP SDK 2.x packages: a stateless server per request behind createMcpHandler,
// reached by a real Client over its Streamable HTTP transport (fetch wired to the handler, no network), and a
// stateful in-memory connection; multi round-trip calls, elicitation approvals, the client's signal and cache.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import {
  type AuthInfo,
  acceptedContent,
  createMcpHandler,
  createRequestStateCodec,
  inputRequired,
  McpServer,
} from "@modelcontextprotocol/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createElicitationApproval, guardClient, guardFactory, guardServer } from "../../src/adapters/mcp-v2.js";
import { type Approver, createGate, definePolicy, memoryStore } from "../../src/index.js";
import { memoryTracing } from "../helpers.js";
import { linkedClientV2 } from "./fixtures/mcp.js";

const policy = definePolicy({
  rules: [
    { id: "reads", agents: ["files-bot"], tools: ["read_file", "confirm_write"], effect: "allow" },
    {
      id: "deploys",
      agents: ["files-bot"],
      tools: ["deploy", "deploy_confirmed"],
      effect: "allow",
      approval: { approvers: ["user"] },
    },
    { id: "no-drop", tools: ["drop_db"], effect: "deny" },
  ],
});

function setup(options: { hostState?: boolean } = {}) {
  const tracing = memoryTracing();
  const store = memoryStore();
  const approval = createElicitationApproval({ store });
  const gate = createGate({
    policy,
    store,
    tracerProvider: tracing.tracerProvider,
    approvers: { user: approval.approver },
  });
  const bot = gate.agent({ name: "files-bot", owner: "team-files" });
  const ran = vi.fn();
  const codec = createRequestStateCodec<{ step: number }>({ key: "k".repeat(32) });
  const makeServer = () => {
    const server = new McpServer(
      { name: "files", version: "2.0.0" },
      options.hostState ? { requestState: { verify: codec.verify } } : undefined,
    );
    const text = (value: string) => ({ content: [{ type: "text" as const, text: value }] });
    server.registerTool("read_file", { inputSchema: z.object({ path: z.string() }) }, async ({ path }) => {
      ran("read_file", path);
      return text(`contents of ${path}`);
    });
    server.registerTool("drop_db", {}, async () => {
      ran("drop_db");
      return text("dropped");
    });
    server.registerTool("deploy", { inputSchema: z.object({ env: z.string() }) }, async ({ env }) => {
      ran("deploy", env);
      return text(`deployed ${env}`);
    });
    // A tool with its own multi round-trip confirmation (and, with hostState, its own signed requestState).
    for (const name of ["confirm_write", "deploy_confirmed"]) {
      server.registerTool(name, { inputSchema: z.object({ path: z.string() }) }, async ({ path }, ctx) => {
        const confirmed = acceptedContent(ctx.mcpReq.inputResponses, "confirm")?.yes === true;
        if (!confirmed) {
          const requestState = options.hostState ? await codec.mint({ step: 1 }) : "step-1";
          const confirm = inputRequired.elicit({
            message: `write ${path}?`,
            requestedSchema: z.object({ yes: z.boolean() }),
          });
          return inputRequired({ inputRequests: { confirm }, requestState });
        }
        ran(name, path, ctx.mcpReq.requestState());
        return text(`wrote ${path}`);
      });
    }
    return server;
  };
  const identify = (ctx: { http?: { authInfo?: AuthInfo } }) =>
    ctx.http?.authInfo?.clientId === "files-client" ? bot : undefined;
  const handler = createMcpHandler(guardFactory(makeServer, { gate, identify, approval }));
  const elicited = vi.fn((request: { params: { message: string } }) => ({
    action: "accept" as const,
    content: { approve: true, yes: true },
    message: request.params.message,
  }));
  const connect = async (clientId = "files-client") => {
    const client = new Client(
      { name: "agent", version: "1.0.0" },
      { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: "auto" } },
    );
    client.setRequestHandler("elicitation/create", async (request) => {
      const { message: _, ...answer } = elicited(request as never);
      return answer;
    });
    const auth = { token: "t", clientId, scopes: [] };
    const fetch = (url: string | URL, init?: RequestInit) => handler.fetch(new Request(url, init), { authInfo: auth });
    await client.connect(new StreamableHTTPClientTransport(new URL("http://mcp.test/mcp"), { fetch }));
    return client;
  };
  return { gate, bot, ran, tracing, connect, elicited, makeServer };
}

const textOf = (result: unknown) => ((result as { content: { text: string }[] }).content[0] as { text: string }).text;

describe("toolgate/mcp-v2 guardServer over stateless HTTP (createMcpHandler + guardFactory)", () => {
  it("an allowed call runs as the agent authInfo identifies; a denied one does not; a stranger is refused", async () => {
    const s = setup();
    const client = await s.connect();
    expect(client.getProtocolEra()).toBe("modern");
    expect(textOf(await client.callTool({ name: "read_file", arguments: { path: "/srv/a" } }))).toBe(
      "contents of /srv/a",
    );
    const denied = await client.callTool({ name: "drop_db", arguments: {} });
    expect([denied.isError, textOf(denied)]).toEqual([true, expect.stringContaining('rule "no-drop"')]);
    const stranger = await s.connect("someone-else");
    expect(textOf(await stranger.callTool({ name: "read_file", arguments: { path: "/srv/a" } }))).toContain(
      'rule "unidentified-agent"',
    );
    expect(s.ran.mock.calls).toEqual([["read_file", "/srv/a"]]);
    const spans = await s.tracing.spans();
    expect(
      spans.map((span) => [span.name, span.attributes["toolgate.outcome"], span.attributes["gen_ai.agent.id"]]),
    ).toEqual([
      ["execute_tool read_file", "allowed", s.bot.id],
      ["execute_tool drop_db", "denied", s.bot.id],
      ["execute_tool read_file", "denied", undefined], // the stranger: recorded, as no agent
    ]);
  });

  it("an approval asked as an elicitation: the asking leg is pending (no run, no record); approved, it runs once", async () => {
    const s = setup();
    const client = await s.connect();
    expect(textOf(await client.callTool({ name: "deploy", arguments: { env: "prod" } }))).toBe("deployed prod");
    expect(s.elicited).toHaveBeenCalledOnce();
    expect(s.elicited.mock.calls[0]?.[0].params.message).toContain('Allow the call of "deploy"');
    expect(s.ran.mock.calls).toEqual([["deploy", "prod"]]);
    const spans = await s.tracing.spans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.attributes).toMatchObject({
      "toolgate.approval.outcome": "approved",
      "toolgate.approval.by": ["files-client"],
    });
  });

  it("declined: the gate refuses the call and records the rejection; the tool never runs", async () => {
    const s = setup();
    s.elicited.mockImplementation((request) => ({
      action: "decline" as never,
      content: undefined as never,
      message: request.params.message,
    }));
    const client = await s.connect();
    const result = await client.callTool({ name: "deploy", arguments: { env: "prod" } });
    expect(textOf(result)).toContain("APPROVAL_DENIED");
    expect(s.ran).not.toHaveBeenCalled();
    expect((await s.tracing.spans())[0]?.attributes["error.type"]).toBe("APPROVAL_DENIED");
  });

  it("a tool's own multi round-trip: each leg is gated as the same call; the tool gets its own requestState back", async () => {
    const s = setup();
    const client = await s.connect();
    expect(textOf(await client.callTool({ name: "confirm_write", arguments: { path: "/srv/n" } }))).toBe(
      "wrote /srv/n",
    );
    expect(s.ran.mock.calls).toEqual([["confirm_write", "/srv/n", "step-1"]]);
    const ids = (await s.tracing.spans()).map((span) => String(span.attributes["gen_ai.tool.call.id"]));
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(`${ids[0]}/2`);
  });

  it("an approval spans the legs: asked once, then the tool's own confirmation; the host's own state codec still verifies", async () => {
    const s = setup({ hostState: true });
    const client = await s.connect();
    expect(textOf(await client.callTool({ name: "deploy_confirmed", arguments: { path: "/srv/d" } }))).toBe(
      "wrote /srv/d",
    );
    expect(s.elicited.mock.calls.map(([request]) => request.params.message.slice(0, 15))).toEqual([
      "Allow the call ",
      "write /srv/d?",
    ]);
    expect(s.ran.mock.calls).toEqual([["deploy_confirmed", "/srv/d", { step: 1 }]]);
  });
});

describe("toolgate/mcp-v2 guardServer over a stateful in-memory connection", () => {
  it("gates calls and refuses a v1-shaped or unknown server at wrap time", async () => {
    const s = setup();
    const server = s.makeServer();
    const gate = s.gate;
    guardServer(server, { gate, identify: () => s.bot });
    const { client } = await linkedClientV2(server, "agent");
    expect(textOf(await client.callTool({ name: "read_file", arguments: { path: "/srv/m" } }))).toBe(
      "contents of /srv/m",
    );
    expect((await client.callTool({ name: "drop_db", arguments: {} })).isError).toBe(true);
    expect(() => guardServer(server, { gate, identify: () => s.bot })).toThrow(/guarded already/);
    expect(() =>
      guardServer({ _registeredTools: {}, tool: () => {} } as never, { gate, identify: () => s.bot }),
    ).toThrow(/cannot gate/);
  });
});

describe("toolgate/mcp-v2 guardClient", () => {
  async function clientSetup(owner: Approver = async () => ({ approved: true, by: "olivia" })) {
    const tracing = memoryTracing();
    const gate = createGate({
      policy: definePolicy({
        rules: [
          { id: "reads", tools: ["read_file", "confirm_write"], effect: "allow" },
          { id: "deploys", tools: ["deploy"], effect: "allow", approval: { approvers: ["owner"] } },
          { id: "no-drop", tools: ["drop_db"], effect: "deny" },
        ],
      }),
      tracerProvider: tracing.tracerProvider,
      approvers: { owner },
    });
    const bot = gate.agent({ name: "files-bot", owner: "team-files" });
    const s = setup();
    const raw = await s.connect();
    const listTools = vi.spyOn(raw, "listTools");
    return { client: guardClient(bot, raw), raw, s, tracing, listTools, bot };
  }

  it("allowed and denied; the tool list is fetched once and reused; _meta carries the agent id", async () => {
    const { client, s, listTools, bot } = await clientSetup();
    await client.callTool({ name: "read_file", arguments: { path: "/srv/1" } });
    await client.callTool({ name: "read_file", arguments: { path: "/srv/2" } });
    const denied = await client.callTool({ name: "drop_db", arguments: {} });
    expect(textOf(denied)).toContain('rule "no-drop"');
    expect(listTools).toHaveBeenCalledOnce();
    expect(s.ran.mock.calls).toEqual([
      ["read_file", "/srv/1"],
      ["read_file", "/srv/2"],
    ]);
    void bot;
  });

  it("asks the gate's approver: approved runs, rejected does not", async () => {
    let approve = true;
    const { client, s } = await clientSetup(async () => ({ approved: approve, by: "olivia" }));
    await client.callTool({ name: "deploy", arguments: { env: "prod" } });
    approve = false;
    const rejected = await client.callTool({ name: "deploy", arguments: { env: "dev" } });
    expect(textOf(rejected)).toContain("APPROVAL_DENIED");
    // The server's own elicitation approval is asked once, for the approved call only.
    expect(s.ran.mock.calls).toEqual([["deploy", "prod"]]);
  });

  it("passes the call's signal as the options argument: an aborted call is refused before it is sent", async () => {
    const { client, s } = await clientSetup();
    const result = await client.callTool(
      { name: "read_file", arguments: { path: "/srv/x" } },
      { signal: AbortSignal.abort() },
    );
    expect(textOf(result)).toContain("ABORTED");
    expect(s.ran).not.toHaveBeenCalled();
  });

  it("a multi round-trip call the SDK fulfils is one gated call on the client", async () => {
    const { client, tracing } = await clientSetup();
    expect(textOf(await client.callTool({ name: "confirm_write", arguments: { path: "/srv/c" } }))).toBe(
      "wrote /srv/c",
    );
    expect((await tracing.spans()).map((span) => span.attributes["toolgate.outcome"])).toEqual(["allowed"]);
  });
});
