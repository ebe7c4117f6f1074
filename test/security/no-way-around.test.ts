// Security model 8 — no way around: a guarded object has no path (another method, its transport, a prototype
// call, a mutated message) that runs the tool ungated; identities cannot collide with or impersonate others.
import { tool as langchainTool } from "@langchain/core/tools";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Protocol } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { McpServer as McpServerV2 } from "@modelcontextprotocol/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardTool } from "../../src/adapters/langchain.js";
import { guardClient, guardServer } from "../../src/adapters/mcp.js";
import { createGate, definePolicy, isToolgateError, queueApprover } from "../../src/index.js";
import { linkedClient } from "../adapters/fixtures/mcp.js";
import { recordingTool } from "../helpers.js";

const owner = async () => ({ approved: true, by: "alice" });
const policy = definePolicy({
  rules: [
    { id: "writes", agents: ["files-bot"], tools: ["write_file"], effect: "allow", approval: { approvers: ["owner"] } },
    { id: "reads", agents: ["files-bot"], tools: ["read_file"], effect: "allow" },
    { id: "no-drop", tools: ["drop_db"], effect: "deny" },
  ],
});

async function connected() {
  const ran = { write: vi.fn(), drop: vi.fn() };
  const server = new McpServer({ name: "files", version: "1.0.0" });
  const ok = { content: [{ type: "text" as const, text: "ok" }] };
  server.registerTool("write_file", { inputSchema: { path: z.string() } }, async (args) => {
    ran.write(args);
    return ok;
  });
  server.registerTool("drop_db", {}, async () => {
    ran.drop();
    return ok;
  });
  server.registerTool("read_file", { inputSchema: { path: z.string() } }, async () => ok);
  const { client } = await linkedClient(server, "agent");
  const queue = queueApprover();
  const gate = createGate({ policy, approvers: { owner: queue } });
  const bot = gate.agent({ name: "files-bot", owner: "team-files" });
  return { guarded: guardClient(bot, client), ran, queue };
}

describe("guardClient has no side door", () => {
  const dropMessage = () => ({
    jsonrpc: "2.0" as const,
    id: 999,
    method: "tools/call",
    params: { name: "drop_db", arguments: {} },
  });

  it("a tools/call sent straight through the client's transport is refused", async () => {
    const { guarded, ran } = await connected();
    await expect(guarded.transport?.send(dropMessage())).rejects.toThrow(/through the client's transport is not gated/);
    const internal = (guarded as unknown as { _transport: { send: (m: unknown) => Promise<void> } })._transport;
    await expect(internal.send(dropMessage())).rejects.toThrow(/not gated/);
    expect(ran.drop).not.toHaveBeenCalled();
  });

  it("Protocol.prototype.request called on the guarded client goes through its gated transport", async () => {
    const { guarded, ran } = await connected();
    const message = { method: "tools/call", params: { name: "drop_db", arguments: {} } };
    const sent = Protocol.prototype.request.call(guarded as never, message as never, CallToolResultSchema);
    await expect(sent).rejects.toThrow(/not gated/);
    const viaClientPrototype = Client.prototype.callTool.call(guarded, { name: "drop_db", arguments: {} });
    await expect(viaClientPrototype).resolves.toMatchObject({ isError: true });
    expect(ran.drop).not.toHaveBeenCalled();
  });

  it("a getter on message.method cannot show the check one method and the wire another", async () => {
    const { guarded, ran } = await connected();
    let reads = 0;
    const message = {
      get method() {
        reads++;
        return reads === 1 ? "tools/list" : "tools/call";
      },
      params: { name: "drop_db", arguments: {} },
    };
    await guarded.request(message as never, CallToolResultSchema).catch(() => undefined);
    await guarded.transport
      ?.send({
        ...dropMessage(),
        ...{
          get method() {
            return reads++ === 0 ? "ping" : "tools/call";
          },
        },
      } as never)
      .catch(() => undefined);
    expect(ran.drop).not.toHaveBeenCalled();
  });

  it("changing params.name or its arguments while approval is pending changes nothing that is sent", async () => {
    const { guarded, ran, queue } = await connected();
    const params = { name: "write_file", arguments: { path: "/srv/notes.txt" } };
    const call = guarded.callTool(params);
    await expect.poll(async () => (await queue.pending()).length).toBe(1);
    params.name = "drop_db";
    params.arguments.path = "/etc/passwd";
    await queue.resolve((await queue.pending())[0]?.id ?? "", { approved: true, by: "alice" });
    await call;
    expect(ran.drop).not.toHaveBeenCalled();
    expect(ran.write).toHaveBeenCalledWith({ path: "/srv/notes.txt" });
  });
});

describe("guardServer refuses what it cannot gate", () => {
  it("an MCP SDK v2 McpServer (which runs an executor, not the handler) is refused at wrap time", () => {
    const gate = createGate({ policy, approvers: { owner } });
    const server = new McpServerV2({ name: "v2", version: "1.0.0" });
    server.registerTool("drop_db", {}, async () => ({ content: [] }));
    expect(() => guardServer(server as never, { gate, identify: () => undefined })).toThrow(
      /runs its tools in a way toolgate\/mcp cannot gate/,
    );
  });
});

describe("a LangChain guardTool has no ungated entry point", () => {
  it("lc_kwargs.func is gated, and the tool runs on the decided value, not the caller's mutated args", async () => {
    const queue = queueApprover();
    const gate = createGate({ policy, approvers: { owner: queue } });
    const bot = gate.agent({ name: "files-bot", owner: "team-files" });
    const writes = vi.fn(async ({ path }: { path: string }) => `wrote ${path}`);
    const write = guardTool(bot, langchainTool(writes, { name: "write_file", schema: z.object({ path: z.string() }) }));
    const drops = vi.fn(async () => "dropped");
    const drop = guardTool(bot, langchainTool(drops, { name: "drop_db", schema: z.object({}) }));
    const kwargs = (drop as unknown as { lc_kwargs: { func: (input: unknown) => Promise<unknown> } }).lc_kwargs;
    await expect(kwargs.func({})).rejects.toMatchObject({ code: "TOOL_DENIED" });
    expect(drops).not.toHaveBeenCalled();

    const args = { path: "/srv/a.txt" };
    const pending = write.invoke(args);
    await expect.poll(async () => (await queue.pending()).length).toBe(1);
    args.path = "/etc/shadow";
    await queue.resolve((await queue.pending())[0]?.id ?? "", { approved: true, by: "alice" });
    await expect(pending).resolves.toBe("wrote /srv/a.txt");
    expect(writes.mock.calls.map(([input]) => input)).toEqual([{ path: "/srv/a.txt" }]);
  });
});

describe("identities cannot collide with or pass for others", () => {
  it("a delegate's id is namespaced under its parent: it cannot take another agent's id", () => {
    const gate = createGate({ policy, approvers: { owner } });
    const billing = gate.agent({ name: "billing-bot", owner: "team", id: "billing-bot" });
    const parent = gate.agent({ name: "files-bot", owner: "team" });
    const spoof = parent.delegate({ name: "helper", id: "billing-bot", tools: ["*"] });
    expect(spoof.id).toBe(`${parent.id}/billing-bot`);
    expect(spoof.id).not.toBe(billing.id);
    expect(() => parent.delegate({ name: "x", id: "a/b", tools: ["*"] })).toThrow(/must not contain `\/`/);
    expect(() => parent.delegate({ name: "helper", id: "billing-bot", tools: ["*"] })).toThrow(/already exists/);
    expect(gate.owns(billing) && gate.owns(spoof)).toBe(true);
  });

  it.each([
    ["a bidi override", "support\u202Ebot"],
    ["a zero-width space", "support\u200Bbot"],
    ["a BOM", "\uFEFFsupport-bot"],
    ["a no-break space", "support\u00A0bot"],
    ["a Cyrillic look-alike mixed with Latin", "supp\u043Ert-bot"],
    ["a line separator", "support\u2028bot"],
    ["an ANSI escape", "support\u001b[31mbot"],
  ])("a name with %s is refused, for agents, delegates and tools", (_, name) => {
    const gate = createGate({ policy, approvers: { owner } });
    const parent = gate.agent({ name: "files-bot", owner: "team" });
    const refused = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return isToolgateError(error) && error.code === "INVALID_ARGUMENT";
      }
      return false;
    };
    expect(refused(() => gate.agent({ name, owner: "team" }))).toBe(true);
    expect(refused(() => parent.delegate({ name, tools: ["*"] }))).toBe(true);
    expect(refused(() => parent.guard(recordingTool(name).tool))).toBe(true);
  });

  it("a call of an agent object this gate did not make, or one retired, is refused", async () => {
    const gate = createGate({ policy, approvers: { owner } });
    const other = createGate({ policy, approvers: { owner } }).agent({ name: "files-bot", owner: "team" });
    const { tool, ran } = recordingTool("read_file");
    const foreign = other.guard(tool);
    await gate.agent({ name: "files-bot", owner: "team" }).retire();
    const mine = gate.agent({ name: "files-bot", owner: "team" });
    const reader = mine.guard(tool);
    await mine.retire();
    const result = await reader.safeCall({});
    expect(!result.ok && result.error.decision?.rule).toBe("retired");
    expect((await foreign.safeCall({})).ok).toBe(true); // its own gate still serves it
    expect(ran).toHaveLength(1);
  });
});

describe("a stage sees a view it cannot use to run the tool", () => {
  it("call.tool carries no execute, and the view has no setters", async () => {
    const gate = createGate({ policy, approvers: { owner } });
    const seen: unknown[] = [];
    gate.use(async (call, next) => {
      seen.push("execute" in call.tool, Object.isFrozen(call), Object.isFrozen(call.input));
      expect(() => {
        (call as { tool: unknown }).tool = { name: "drop_db" };
      }).toThrow();
      return next();
    });
    await gate.agent({ name: "files-bot", owner: "team" }).guard(recordingTool("read_file").tool).call({ path: "/a" });
    expect(seen).toEqual([false, true, true]);
  });
});
