// Attacks on toolgate/mcp's client side (invariants 7 and 8, and gate.check agreeing with a real call): the
// guarded client's Proxy traps only `get`, so reflection reaches the raw transport; the gated transport
// forwards the real transport's state, so its own class's send works on it; a model-chosen tool name is
// guarded (and remembered) for every name; and a dry run of a tool not yet guarded is judged as a plain tool.
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { type GuardClientOptions, guardClient } from "../../src/adapters/mcp.js";
import { createGate, definePolicy } from "../../src/index.js";
import { linkedClient } from "../adapters/fixtures/mcp.js";

const policy = definePolicy({
  rules: [
    { id: "files", agents: ["files-bot"], tools: ["*"], effect: "allow" },
    { id: "no-drop", tools: ["drop_db"], effect: "deny" },
  ],
});

async function connected(options: GuardClientOptions = {}) {
  const ran = { drop: vi.fn(), wipe: vi.fn() };
  const server = new McpServer({ name: "files", version: "1.0.0" });
  const ok = { content: [{ type: "text" as const, text: "ok" }] };
  server.registerTool("drop_db", {}, async () => {
    ran.drop();
    return ok;
  });
  server.registerTool("wipe", { annotations: { destructiveHint: true } }, async () => {
    ran.wipe();
    return ok;
  });
  server.registerTool("read_file", { inputSchema: { path: z.string() } }, async () => ok);
  const { client } = await linkedClient(server, "agent");
  const gate = createGate({ policy });
  const bot = gate.agent({ name: "files-bot", owner: "team-files" });
  return { gate, bot, guarded: guardClient(bot, client, options), ran };
}

const dropMessage = () => ({
  jsonrpc: "2.0" as const,
  id: 4242,
  method: "tools/call",
  params: { name: "drop_db", arguments: {} },
});

// The server handles the message on a later turn; one macrotask is enough for the in-memory transport.
const delivered = () => new Promise((resolve) => setImmediate(resolve));

type Sender = { send: (message: unknown) => Promise<void> };

describe("the guarded MCP client has no reflective side door", () => {
  // Attack: Object.getOwnPropertyDescriptor skips the Proxy's get trap and returns the raw `_transport`.
  it("the raw transport cannot be read through a property descriptor of the guarded client", async () => {
    const { guarded, ran } = await connected();
    const raw = Object.getOwnPropertyDescriptor(guarded, "_transport")?.value as Sender | undefined;
    await raw?.send(dropMessage()).catch(() => undefined);
    const all = Object.getOwnPropertyDescriptors(guarded) as Record<string, PropertyDescriptor>;
    await (all._transport?.value as Sender | undefined)?.send(dropMessage()).catch(() => undefined);
    await delivered();
    expect(ran.drop).not.toHaveBeenCalled();
  });

  // Attack: the transport class's own send, called on the gated transport, reads the real transport's
  // fields through the Proxy and puts a tools/call on the wire (the transport analogue of
  // Protocol.prototype.request.call(guarded, …)).
  it("the transport's own prototype send, called on the gated transport, cannot send a tools/call", async () => {
    const { guarded, ran } = await connected();
    const transport = guarded.transport as unknown as Sender;
    const send = (Object.getPrototypeOf(transport) as Sender).send;
    await send.call(transport, dropMessage()).catch(() => undefined);
    await InMemoryTransport.prototype.send.call(transport as never, dropMessage()).catch(() => undefined);
    await delivered();
    expect(ran.drop).not.toHaveBeenCalled();
  });
});

describe("the guarded MCP client cannot be rewired", () => {
  type Tasks = { callToolStream: (params: unknown) => AsyncGenerator<unknown> };
  const drain = async (stream: AsyncGenerator<unknown> | undefined) => {
    for await (const _ of stream ?? []);
  };

  // Attack: once the tasks API exists, the 1.x client keeps it (bound to the raw client) in `_experimental`.
  it("the tasks API kept in _experimental cannot stream a tools/call, read or described", async () => {
    const { guarded, ran } = await connected();
    void guarded.experimental; // makes the SDK create and keep it
    const open = guarded as unknown as { _experimental?: { tasks: Tasks } };
    const described = Object.getOwnPropertyDescriptor(guarded, "_experimental")?.value as typeof open._experimental;
    for (const tasks of [open._experimental?.tasks, described?.tasks]) {
      await expect(drain(tasks?.callToolStream({ name: "drop_db", arguments: {} }))).rejects.toThrow(/not gated/);
    }
    await delivered();
    expect(ran.drop).not.toHaveBeenCalled();
  });

  // Attack: put the raw methods or transport back on the guarded client.
  it("its gated methods and doors cannot be redefined, assigned or deleted", async () => {
    const { guarded, ran } = await connected();
    const open = guarded as unknown as Record<string, unknown>;
    expect(() => Object.defineProperty(guarded, "callTool", { value: () => undefined })).toThrow(TypeError);
    expect(() => {
      open._transport = undefined;
    }).toThrow(TypeError);
    expect(() => delete open.transport).toThrow(TypeError);
    const result = await guarded.callTool({ name: "drop_db", arguments: {} });
    expect(result.isError).toBe(true);
    expect(ran.drop).not.toHaveBeenCalled();
  });

  // A made-up name is refused with the rule that decided it, and nothing is sent for it.
  it("a tool the server does not list is refused as unknown-tool", async () => {
    const refusals: string[] = [];
    const { guarded } = await connected({ onRefusal: (e) => refusals.push(e.decision?.rule ?? "") });
    const result = await guarded.callTool({ name: "drop_everything", arguments: {} });
    expect(result.isError).toBe(true);
    expect(refusals).toEqual(["unknown-tool"]);
  });
});

describe("what the model names cannot grow the gate", () => {
  // Attack: every distinct tool name the model passes to callTool is guarded and kept (gate, adapter, store).
  it("300 made-up tool names add nothing lasting to the agent's inventory", async () => {
    const { gate, guarded } = await connected();
    for (let i = 0; i < 300; i++) {
      await guarded.callTool({ name: `ghost_${i}_${"x".repeat(40)}`, arguments: {} }).catch(() => undefined);
    }
    const [record] = await gate.inventory();
    expect(record?.tools.length ?? 0).toBeLessThanOrEqual(10);
  });
});

describe("gate.check agrees with the call it previews", () => {
  // Attack: before the first callTool, a server tool is unknown to the gate, so the dry run judges it a
  // medium-risk tool without tags ("allow") while the real call (destructiveHint → high) needs approval.
  it("a dry run of a listed tool not yet called does not say allow when the real call is refused", async () => {
    const { gate, bot, guarded, ran } = await connected();
    await guarded.listTools();
    const previewed = await gate.check(bot, "wipe", {});
    const result = await guarded.callTool({ name: "wipe", arguments: {} });
    expect(result.isError).toBe(true); // high risk, no approver: refused
    expect(ran.wipe).not.toHaveBeenCalled();
    expect(previewed.effect).not.toBe("allow");
  });
});
