// toolgate with MCP, both sides in one process over the SDK's in-memory transport (no network):
// the client gates its own calls as an agent; the server gates every tools/call as the agent the
// request's verified auth info names. Run: npx tsx examples/mcp.ts
// (Imports point at src/ so the example runs before a build; in an application they are "toolgate",
// "toolgate/mcp" and "toolgate/otel".)

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { type Approver, createGate, definePolicy } from "toolgate";
import { guardClient, guardServer } from "toolgate/mcp";
import { formatSpanTree, setupTracing } from "toolgate/otel";
import { z } from "zod";

const tracing = setupTracing({ serviceName: "toolgate-mcp-example" });

const policy = definePolicy({
  rules: [
    { id: "files", agents: ["files-bot"], tools: ["read_file", "delete_file"], effect: "allow" },
    { id: "never-drop", tools: ["drop_table"], effect: "deny" },
  ],
  approval: { approvers: ["owner"] }, // destructiveHint → high risk → the owner decides
});
const owner: Approver = async (request) => {
  console.log(`    ↳ owner rejects ${request.tool.name}(${JSON.stringify(request.input)})`);
  return { approved: false, by: "alice@example.com", reason: "not today" };
};
const gate = createGate({ policy, approvers: { owner } });
const bot = gate.agent({ name: "files-bot", owner: "team-files" });

// The server: plain MCP tools with their annotations, then one line to gate them all.
const server = new McpServer({ name: "files", version: "1.0.0" });
const text = (value: string): CallToolResult => ({ content: [{ type: "text", text: value }] });
const path = { path: z.string() };
server.registerTool("read_file", { inputSchema: path, annotations: { readOnlyHint: true } }, async (a) =>
  text(`contents of ${a.path}`),
);
server.registerTool("delete_file", { inputSchema: path, annotations: { destructiveHint: true } }, async (a) =>
  text(`deleted ${a.path}`),
);
server.registerTool("drop_table", { inputSchema: { table: z.string() } }, async (a) => text(`dropped ${a.table}`));
// Identify callers by the auth info the transport verified, never by what _meta claims.
const agentsByClientId = new Map([["files-client", bot]]);
guardServer(server, { gate, identify: (extra) => agentsByClientId.get(extra.authInfo?.clientId ?? "") });

// The connection. An authenticating transport (HTTP + bearer token) attaches AuthInfo to each request;
// here we attach it by hand, and let the caller change who it claims to be.
let auth: AuthInfo | undefined = { token: "…", clientId: "files-client", scopes: ["files"] };
const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
const send = clientTransport.send.bind(clientTransport);
clientTransport.send = (message: JSONRPCMessage, options) => send(message, { ...options, authInfo: auth });
await server.connect(serverTransport);
const mcp = new Client({ name: "files-client", version: "1.0.0" });
await mcp.connect(clientTransport);

// The client side: the same agent gates its own calls before they leave the process.
const client = guardClient(bot, mcp, {
  onRefusal: (error) => console.log(`    ↳ client host sees ${error.code} [${error.decision?.rule}]`),
});
const show = (label: string, result: unknown) => {
  const { isError, content } = result as CallToolResult;
  console.log(`  ${isError ? "✗" : "✓"} ${label.padEnd(38)} ${(content[0] as { text: string }).text}`);
};

console.log(`Agent ${bot.name} (${bot.id}) calls the MCP server:`);
show("read_file /srv/report.txt", await client.callTool({ name: "read_file", arguments: { path: "/srv/report.txt" } }));
show("delete_file /srv/old.txt", await client.callTool({ name: "delete_file", arguments: { path: "/srv/old.txt" } }));
show("drop_table customers", await client.callTool({ name: "drop_table", arguments: { table: "customers" } }));
auth = undefined; // an unauthenticated caller going straight to the server, around the client gate
show(
  "(no auth) read_file /srv/report.txt",
  await mcp.callTool({ name: "read_file", arguments: { path: "/srv/report.txt" } }),
);

console.log("\nSpans (client span → server span, one trace per call via _meta.traceparent):");
console.log(
  formatSpanTree(await tracing.spans(), ["gen_ai.tool.call.id", "toolgate.decision.rule", "error.type"]).replace(
    /^/gm,
    "  ",
  ),
);
await mcp.close();
await tracing.shutdown();
