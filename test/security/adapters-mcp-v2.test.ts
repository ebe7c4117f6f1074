// Attacks on toolgate/mcp-v2 (security model 8: no way around; 1: what runs is what was decided). A remote MCP
// client is hostile: it forges, replays and edits request states, changes arguments between legs, answers an
// approval nobody asked, and an in-process caller reaches for the transport or the registry.
import { Client, Protocol as ClientProtocol, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { McpServer as McpServerV1 } from "@modelcontextprotocol/sdk/server/mcp.js";
import { createMcpHandler, inputRequired, McpServer } from "@modelcontextprotocol/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardServer as guardServerV1 } from "../../src/adapters/mcp.js";
import { createElicitationApproval, guardClient, guardFactory, guardServer } from "../../src/adapters/mcp-v2.js";
import { createGate, definePolicy, memorySink, memoryStore, queueApprover, verifyAudit } from "../../src/index.js";
import { linkedClientV2 } from "../adapters/fixtures/mcp.js";

const policy = definePolicy({
  rules: [
    { id: "writes", agents: ["files-bot"], tools: ["write_file", "read_file"], effect: "allow" },
    { id: "deploys", agents: ["files-bot"], tools: ["deploy"], effect: "allow", approval: { approvers: ["user"] } },
    { id: "no-drop", tools: ["drop_db"], effect: "deny" },
  ],
});

/** A stateless HTTP server whose `write_file` asks the client to confirm (a multi round-trip call). */
function http() {
  const store = memoryStore();
  const approval = createElicitationApproval({ store });
  const sink = memorySink();
  const gate = createGate({ policy, store, approvers: { user: approval.approver }, audit: { sink } });
  const bot = gate.agent({ name: "files-bot", owner: "team-files" });
  const other = gate.agent({ name: "files-bot", owner: "team-files" });
  const ran = vi.fn();
  const make = () => {
    const server = new McpServer({ name: "files", version: "2.0.0" });
    server.registerTool("write_file", { inputSchema: z.object({ path: z.string() }) }, async ({ path }, ctx) => {
      if (!ctx.mcpReq.inputResponses?.confirm) {
        const confirm = inputRequired.elicit({ message: "sure?", requestedSchema: { type: "object", properties: {} } });
        return inputRequired({ inputRequests: { confirm }, requestState: "mine" });
      }
      ran("write_file", path);
      return { content: [{ type: "text", text: "written" }] };
    });
    server.registerTool("deploy", { inputSchema: z.object({ env: z.string() }) }, async ({ env }) => {
      ran("deploy", env);
      return { content: [{ type: "text", text: "deployed" }] };
    });
    server.registerTool("drop_db", {}, async () => {
      ran("drop_db");
      return { content: [{ type: "text", text: "dropped" }] };
    });
    return server;
  };
  const agents = new Map([
    ["files-client", bot],
    ["other-client", other],
  ]);
  const handler = createMcpHandler(
    guardFactory(make, { gate, approval, identify: (ctx) => agents.get(ctx.http?.authInfo?.clientId ?? "") }),
  );
  /** A client in manual multi round-trip mode: it sends what a hostile client chooses, retry fields included. */
  const clients = new Map<string, Client>();
  const clientFor = async (clientId: string) => {
    let client = clients.get(clientId);
    if (!client) {
      client = new Client(
        { name: "evil", version: "1.0.0" },
        {
          capabilities: { elicitation: { form: {} } },
          versionNegotiation: { mode: "auto" },
          inputRequired: { autoFulfill: false },
        },
      );
      const fetch = (url: string | URL, init?: RequestInit) =>
        handler.fetch(new Request(url, init), { authInfo: { token: "t", clientId, scopes: [] } });
      await client.connect(new StreamableHTTPClientTransport(new URL("http://mcp.test/mcp"), { fetch }));
      clients.set(clientId, client);
    }
    return client;
  };
  type Reply = {
    result?: { resultType?: string; requestState?: string; isError?: boolean; content?: { text: string }[] };
    error?: { message: string };
  };
  const send = async (params: Record<string, unknown>, clientId = "files-client"): Promise<Reply> => {
    const client = await clientFor(clientId);
    try {
      return {
        result: (await client.request(
          { method: "tools/call", params } as never,
          { allowInputRequired: true } as never,
        )) as Reply["result"],
      };
    } catch (error) {
      return { error: { message: (error as Error).message } };
    }
  };
  /** The agent id and rule of each refusal the ledger holds, once written; and whether it verifies. */
  const refusals = async () => {
    await gate.close();
    const entries = sink.lines.map((line) => JSON.parse(line)).filter((entry) => entry.kind === "refusal");
    const verified = verifyAudit(sink.text()).ok;
    return { verified, refused: entries.map((entry) => [entry.agent.id, entry.decision.rule]) };
  };
  return { send, ran, handler, bot, refusals };
}

const refusedOrError = (reply: Awaited<ReturnType<ReturnType<typeof http>["send"]>>) =>
  reply.error?.message ?? (reply.result?.isError ? reply.result.content?.[0]?.text : undefined);

describe("a hostile client against guardServer (MCP SDK 2.x, stateless HTTP)", () => {
  it("a forged, edited or foreign requestState is refused; the tool never runs", async () => {
    const { send, ran, bot, refusals } = http();
    const first = await send({ name: "write_file", arguments: { path: "/srv/a" } });
    const state = String(first.result?.requestState);
    expect(first.result?.resultType).toBe("input_required");
    const [prefix, body, mac] = state.split(".");
    const edited = JSON.parse(Buffer.from(String(body), "base64url").toString());
    const tampered = `${prefix}.${Buffer.from(JSON.stringify({ ...edited, tool: "drop_db" })).toString("base64url")}.${mac}`;
    for (const requestState of ["mine", "tgs1.e30.AAAA", tampered, `${state}x`]) {
      const reply = await send({
        name: "write_file",
        arguments: { path: "/srv/a" },
        inputResponses: { confirm: { action: "accept", content: {} } },
        requestState,
      });
      expect(refusedOrError(reply)).toContain('rule "request-state"');
    }
    const otherServer = http(); // another server's key
    const foreign = await otherServer.send({
      name: "write_file",
      arguments: { path: "/srv/a" },
      inputResponses: { confirm: { action: "accept", content: {} } },
      requestState: state,
    });
    expect(refusedOrError(foreign)).toContain('rule "request-state"');
    expect(ran).not.toHaveBeenCalled();
    // Each is refused before the pipeline, and on record: as the agent identify vouched for, naming the rule.
    expect(await refusals()).toEqual({ verified: true, refused: Array(4).fill([bot.id, "request-state"]) });
  });

  it("a continued leg with changed arguments, or from another agent, is refused; a replayed leg is refused", async () => {
    const { send, ran } = http();
    const first = await send({ name: "write_file", arguments: { path: "/srv/a" } });
    const retry = (args: object, clientId?: string) =>
      send(
        {
          name: "write_file",
          arguments: args,
          inputResponses: { confirm: { action: "accept", content: {} } },
          requestState: first.result?.requestState,
        },
        clientId,
      );
    expect(refusedOrError(await retry({ path: "/etc/passwd" }))).toContain('rule "request-state"');
    const again = await send({ name: "write_file", arguments: { path: "/srv/a" } });
    const other = await send(
      {
        name: "write_file",
        arguments: { path: "/srv/a" },
        inputResponses: { confirm: { action: "accept", content: {} } },
        requestState: again.result?.requestState,
      },
      "other-client",
    );
    expect(refusedOrError(other)).toContain('rule "request-state"');
    expect(ran).not.toHaveBeenCalled();
    const third = await send({ name: "write_file", arguments: { path: "/srv/b" } });
    const honest = {
      name: "write_file",
      arguments: { path: "/srv/b" },
      inputResponses: { confirm: { action: "accept", content: {} } },
      requestState: third.result?.requestState,
    };
    expect((await send(honest)).result?.content?.[0]?.text).toBe("written");
    expect(refusedOrError(await send(honest))).toContain('rule "request-state"'); // the same leg, replayed
    expect(ran).toHaveBeenCalledOnce();
  });

  it("an approval answer the client sends unasked (no signed approval state) approves nothing", async () => {
    const { send, ran } = http();
    const reply = await send({
      name: "deploy",
      arguments: { env: "prod" },
      inputResponses: { "toolgate/approval": { action: "accept", content: { approve: true } } },
    });
    expect(reply.result?.resultType).toBe("input_required"); // still asked, nothing ran
    const answered = await send({
      name: "deploy",
      arguments: { env: "prod" },
      inputResponses: { "toolgate/approval": { action: "accept", content: { approve: "yes" } } },
      requestState: reply.result?.requestState,
    });
    expect(refusedOrError(answered)).toContain("APPROVAL_DENIED"); // only the boolean true approves
    expect(ran).not.toHaveBeenCalled();
  });
});

describe("guardServer refuses shapes it cannot gate, both majors", () => {
  it("toolgate/mcp-v2 refuses a 1.x McpServer, and toolgate/mcp refuses a 2.x one", () => {
    const gate = createGate({ policy, approvers: { user: createElicitationApproval().approver } });
    const v1 = new McpServerV1({ name: "v1", version: "1.0.0" });
    v1.registerTool("drop_db", {}, async () => ({ content: [] }));
    expect(() => guardServer(v1 as never, { gate, identify: () => undefined })).toThrow(/cannot gate/);
    const v2 = new McpServer({ name: "v2", version: "2.0.0" });
    v2.registerTool("drop_db", {}, async () => ({ content: [] }));
    expect(() => guardServerV1(v2 as never, { gate, identify: () => undefined })).toThrow(/cannot gate/);
  });

  it("an executor read through the registry, or swapped with update(), is the gated one", async () => {
    const gate = createGate({ policy, approvers: { user: createElicitationApproval().approver } });
    const bot = gate.agent({ name: "files-bot", owner: "team-files" });
    const ran = vi.fn();
    const server = new McpServer({ name: "v2", version: "2.0.0" });
    const handle = server.registerTool("drop_db", {}, async () => ({ content: [{ type: "text", text: "first" }] }));
    guardServer(server, { gate, identify: () => bot });
    handle.update({
      callback: async () => {
        ran();
        return { content: [] };
      },
    });
    const registry = (
      server as unknown as {
        _registeredTools: Record<string, { executor: (a: unknown, c: unknown) => Promise<unknown> }>;
      }
    )._registeredTools;
    const ctx = {
      mcpReq: { id: 1, method: "tools/call", requestState: () => undefined, signal: new AbortController().signal },
    };
    const result = (await registry.drop_db?.executor({}, ctx)) as { isError?: boolean };
    expect(result.isError).toBe(true);
    expect(ran).not.toHaveBeenCalled();
  });
});

describe("guardClient (MCP SDK 2.x) has no side door", () => {
  async function connected() {
    const ran = vi.fn();
    const server = new McpServer({ name: "files", version: "2.0.0" });
    const ok = (...what: unknown[]) => {
      ran(...what);
      return { content: [] };
    };
    server.registerTool("drop_db", {}, async () => ok("drop_db"));
    server.registerTool("write_file", { inputSchema: z.object({ path: z.string() }) }, async ({ path }) =>
      ok("write_file", path),
    );
    const { client } = await linkedClientV2(server, "agent");
    const queue = queueApprover();
    const gate = createGate({
      policy: definePolicy({
        rules: [
          { id: "writes", tools: ["write_file"], effect: "allow", approval: { approvers: ["owner"] } },
          { id: "no-drop", tools: ["drop_db"], effect: "deny" },
        ],
      }),
      approvers: { owner: queue },
    });
    return { guarded: guardClient(gate.agent({ name: "bot", owner: "team" }), client), ran, queue };
  }
  const drop = () => ({
    jsonrpc: "2.0" as const,
    id: 999,
    method: "tools/call",
    params: { name: "drop_db", arguments: {} },
  });

  it("the transport, Protocol.prototype.request and a getter on method cannot send an ungated tools/call", async () => {
    const { guarded, ran } = await connected();
    await expect(guarded.transport?.send(drop() as never)).rejects.toThrow(/not gated/);
    const internal = (guarded as unknown as { _transport: { send: (m: unknown) => Promise<void> } })._transport;
    await expect(internal.send(drop())).rejects.toThrow(/not gated/);
    const viaPrototype = ClientProtocol.prototype.request.call(
      guarded as never,
      { method: "tools/call", params: { name: "drop_db", arguments: {} } } as never,
      undefined as never,
    );
    await expect(viaPrototype).rejects.toThrow(/not gated/);
    const viaClientPrototype = Client.prototype.callTool.call(guarded, { name: "drop_db", arguments: {} });
    await expect(viaClientPrototype).resolves.toMatchObject({ isError: true });
    let reads = 0;
    const flipping = {
      get method() {
        return reads++ === 0 ? "tools/list" : "tools/call";
      },
      params: { name: "drop_db", arguments: {} },
    };
    await (guarded.request as (m: unknown) => Promise<unknown>)(flipping).catch(() => undefined);
    expect(ran).not.toHaveBeenCalled();
  });

  it("changing the arguments while the approval waits changes nothing that is sent", async () => {
    const { guarded, ran, queue } = await connected();
    const params = { name: "write_file", arguments: { path: "/srv/notes.txt" } };
    const call = guarded.callTool(params);
    await expect.poll(async () => (await queue.pending()).length).toBe(1);
    params.name = "drop_db";
    params.arguments.path = "/etc/passwd";
    await queue.resolve((await queue.pending())[0]?.id ?? "", { approved: true, by: "alice" });
    await call;
    expect(ran.mock.calls).toEqual([["write_file", "/srv/notes.txt"]]);
  });
});
