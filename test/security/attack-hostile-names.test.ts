// Attacks that held (pinned): tool names a remote MCP client or a model picks to reach JavaScript's object
// machinery — "__proto__", "constructor", "toString" — through guardServer's registry Proxy and guardClient's
// per-name options. Each is an error result; nothing runs, nothing throws out of the transport.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it, vi } from "vitest";
import { guardClient, guardServer } from "../../src/adapters/mcp.js";
import { createGate, definePolicy } from "../../src/index.js";
import { linkedClient } from "../adapters/fixtures/mcp.js";

const policy = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] });
const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];

async function pair(server: McpServer) {
  const { client } = await linkedClient(server, "remote");
  return client;
}

describe("object-machinery names are just unknown tools", () => {
  it.each(NAMES)("a remote client calling %j on a guarded server gets an error result", async (name) => {
    const gate = createGate({ policy });
    const bot = gate.agent({ name: "ops-bot", owner: "team" });
    const ran = vi.fn();
    const server = new McpServer({ name: "ops", version: "1.0.0" });
    server.registerTool("wipe", {}, async () => {
      ran();
      return { content: [] };
    });
    guardServer(server, { gate, identify: () => bot });
    const client = await pair(server);
    const result = await client.callTool({ name, arguments: {} });
    expect(result.isError).toBe(true);
    expect(ran).not.toHaveBeenCalled();
  });

  it.each(NAMES)("a model calling %j through guardClient with per-name options is refused", async (name) => {
    const server = new McpServer({ name: "ops", version: "1.0.0" });
    server.registerTool("wipe", {}, async () => ({ content: [] }));
    const client = await pair(server);
    const gate = createGate({ policy });
    const bot = gate.agent({ name: "ops-bot", owner: "team" });
    const guarded = guardClient(bot, client, { risk: { wipe: "high" }, tags: { wipe: ["destructive"] } });
    const result = await guarded.callTool({ name, arguments: {} });
    // Refused by the gate itself (the inherited member is not a risk or a tag list), not sent to the server.
    expect(result).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/^Tool call refused/) }] });
  });
});
