// Tools an Agents SDK agent gets from its `mcpServers` pass the gate through guardAgent; hosted tools are refused.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Agent as AgentsAgent, type MCPServer, run, setTracingDisabled, webSearchTool } from "@openai/agents";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createRunApproval, guardAgent } from "../../src/adapters/openai-agents.js";
import { createGate, definePolicy, memoryStore } from "../../src/index.js";
import { memoryTracing } from "../helpers.js";
import { linkedClient } from "./fixtures/mcp.js";
import { assistantText, FakeModel, functionCall, text } from "./fixtures/openai.js";

setTracingDisabled(true);

/** The SDK's MCPServer interface over a real MCP server and client, connected in memory. */
async function filesServer(ran: (tool: string, args: unknown) => void): Promise<MCPServer> {
  const server = new McpServer({ name: "files", version: "1.0.0" });
  for (const name of ["read_file", "delete_file", "wipe_disk"]) {
    server.registerTool(name, { inputSchema: { path: z.string() } }, async (args) => {
      ran(name, args);
      return { content: [{ type: "text", text: `${name} ${args.path}` }] };
    });
  }
  const { client } = await linkedClient(server, "agents");
  return {
    name: "files",
    cacheToolsList: false,
    connect: async () => {},
    close: () => client.close(),
    invalidateToolsCache: async () => {},
    listTools: async () => (await client.listTools()).tools as never,
    callTool: async (name, args) => (await client.callTool({ name, arguments: args ?? {} })).content as never,
  };
}

const policy = definePolicy({
  rules: [
    { id: "reads", tools: ["read_file"], effect: "allow" },
    { id: "deletes-need-user", tools: ["delete_file"], effect: "allow", approval: { approvers: ["user"] } },
  ],
});

async function setup(turns: ReturnType<typeof functionCall | typeof assistantText>[][]) {
  const tracing = memoryTracing();
  const store = memoryStore();
  const approvals = createRunApproval({ store });
  const gate = createGate({
    policy,
    store,
    tracerProvider: tracing.tracerProvider,
    approvers: { user: approvals.approver },
  });
  const agent = gate.agent({ name: "files-bot", owner: "team-files" });
  const ran = vi.fn();
  const model = new FakeModel(turns);
  const sdkAgent = new AgentsAgent({ name: "files-bot", model, mcpServers: [await filesServer(ran)] });
  const bot = guardAgent(agent, sdkAgent, { needsApproval: approvals.needsApproval(gate) });
  return { bot, model, ran, tracing, approvals };
}

describe("toolgate/openai-agents guardAgent: tools from mcpServers", () => {
  it("an allowed MCP tool runs, gated under the SDK's call id; a denied one does not run", async () => {
    const { bot, model, ran, tracing } = await setup([
      [functionCall("read_file", { path: "/srv/a" }, "c1"), functionCall("wipe_disk", { path: "/" }, "c2")],
      [assistantText("fin")],
    ]);
    await run(bot, "go");
    expect(ran.mock.calls).toEqual([["read_file", { path: "/srv/a" }]]);
    expect(text(model.resultFor("c2"))).toMatch(/^Tool call refused \(TOOL_DENIED, rule "default-deny"\)/);
    const spans = await tracing.spans();
    const outcomes = spans.map((span) => [span.attributes["gen_ai.tool.call.id"], span.attributes["toolgate.outcome"]]);
    expect(outcomes.sort()).toEqual([
      ["c1", "allowed"],
      ["c2", "denied"],
    ]);
  });

  it("an MCP tool that needs the user interrupts the run; approved, it runs once", async () => {
    const { bot, ran, approvals } = await setup([
      [functionCall("delete_file", { path: "/srv/a" }, "c1")],
      [assistantText("fin")],
    ]);
    const first = await run(bot, "go");
    expect(first.interruptions.map((item) => item.name)).toEqual(["delete_file"]);
    expect(ran).not.toHaveBeenCalled();
    await approvals.respond(first.state, first.interruptions[0] as never, { approved: true, by: "alice" });
    await run(bot, first.state);
    expect(ran.mock.calls).toEqual([["delete_file", { path: "/srv/a" }]]);
  });

  it("a hosted tool (which runs on OpenAI's servers) fails the run with a clear error instead of running ungated", async () => {
    const { bot } = await setup([[assistantText("fin")]]);
    const withHosted = bot.clone({ tools: [webSearchTool()] });
    await expect(run(withHosted, "go")).rejects.toThrow(/"web_search" is a hosted tool/);
  });
});
