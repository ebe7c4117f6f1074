// toolgate with the MCP SDK 2.x (the 2026-07-28 protocol), both sides in one process with no network: a
// stateless server per request behind createMcpHandler, reached over Streamable HTTP by a client whose fetch
// calls the handler directly. The server asks the user to approve a deploy through an elicitation, in the
// multi round-trip way: the asking leg returns input_required (nothing runs), the retried leg carries the
// answer under toolgate's signed requestState. Run: npx tsx examples/mcp-v2.ts
// (Imports point at src/ so the example runs before a build; in an application they are "toolgate",
// "toolgate/mcp-v2" and "toolgate/otel".)

import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createMcpHandler, McpServer } from "@modelcontextprotocol/server";
import { createGate, definePolicy, memoryStore } from "toolgate";
import { createElicitationApproval, guardClient, guardFactory } from "toolgate/mcp-v2";
import { formatSpanTree, setupTracing } from "toolgate/otel";
import { z } from "zod";

const tracing = setupTracing({ serviceName: "toolgate-mcp-v2-example" });

const policy = definePolicy({
  rules: [
    { id: "reads", agents: ["files-bot"], tools: ["read_file"], effect: "allow" },
    { id: "deploys", agents: ["files-bot"], tools: ["deploy"], effect: "allow", approval: { approvers: ["user"] } },
    { id: "never-drop", tools: ["drop_table"], effect: "deny" },
  ],
});
const store = memoryStore();
const approval = createElicitationApproval({ store }); // the user at the client answers
const gate = createGate({ policy, store, approvers: { user: approval.approver } });
const bot = gate.agent({ name: "files-bot", owner: "team-files" });

// The server, made per request; every server the factory makes is gated.
const makeServer = () => {
  const server = new McpServer({ name: "files", version: "2.0.0" });
  const text = (value: string) => ({ content: [{ type: "text" as const, text: value }] });
  server.registerTool("read_file", { inputSchema: z.object({ path: z.string() }) }, async ({ path }) =>
    text(`contents of ${path}`),
  );
  server.registerTool("deploy", { inputSchema: z.object({ env: z.string() }) }, async ({ env }) =>
    text(`deployed to ${env}`),
  );
  server.registerTool("drop_table", { inputSchema: z.object({ table: z.string() }) }, async () => text("dropped"));
  return server;
};
// The request's verified auth info names the agent (the transport's authentication vouches for it).
const identify = (ctx: { http?: { authInfo?: { clientId: string } } }) =>
  ctx.http?.authInfo?.clientId === "files-client" ? bot : undefined;
const handler = createMcpHandler(guardFactory(makeServer, { gate, identify, approval }));

// The client: it speaks the 2026-07-28 protocol and answers elicitations (a UI would ask its user here).
const client = new Client(
  { name: "files-agent", version: "1.0.0" },
  { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: "auto" } },
);
client.setRequestHandler("elicitation/create", async (request) => {
  console.log(`  the server asks the user: ${request.params.message} — yes`);
  return { action: "accept", content: { approve: true } };
});
const fetch = (url: string | URL, init?: RequestInit) =>
  handler.fetch(new Request(url, init), { authInfo: { token: "t", clientId: "files-client", scopes: [] } });
await client.connect(new StreamableHTTPClientTransport(new URL("http://localhost/mcp"), { fetch }));
// The client side is gated too, by the agent host's own gate and policy (another organisation, say).
const agentHost = createGate({
  policy: definePolicy({ rules: [{ id: "files", tools: ["read_file", "deploy", "drop_table"], effect: "allow" }] }),
});
const gated = guardClient(agentHost.agent({ name: "files-agent", owner: "team-agents" }), client);

const show = (result: { content: unknown }) => ((result.content as { text: string }[])[0] ?? { text: "" }).text;
console.log(`${bot.name} over MCP ${client.getProtocolEra()} era, stateless HTTP:`);
console.log(
  `  read_file  → ${show(await gated.callTool({ name: "read_file", arguments: { path: "/srv/report.txt" } }))}`,
);
console.log(`  drop_table → ${show(await gated.callTool({ name: "drop_table", arguments: { table: "customers" } }))}`);
console.log(`  deploy     → ${show(await gated.callTool({ name: "deploy", arguments: { env: "prod" } }))}`);

console.log("\nSpans (the audit trail, client and server):");
console.log(
  formatSpanTree(await tracing.spans(), [
    "gen_ai.tool.call.id",
    "toolgate.decision.rule",
    "toolgate.approval.by",
    "error.type",
  ]),
);
await tracing.shutdown();
