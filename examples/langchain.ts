// toolgate with LangChain: a createAgent run, driven offline by LangChain's own fake tool-calling model,
// whose every tool call passes the gate. Run: npx tsx examples/langchain.ts
// (Imports point at src/ so the example runs before a build; in an application they are "toolgate",
// "toolgate/langchain" and "toolgate/otel".)

import { tool } from "@langchain/core/tools";
import { AIMessage, createAgent, fakeModel, HumanMessage, ToolMessage } from "langchain";
import { type Approver, createGate, definePolicy } from "toolgate";
import { toolgateMiddleware } from "toolgate/langchain";
import { formatSpanTree, setupTracing } from "toolgate/otel";
import { z } from "zod";

const tracing = setupTracing({ serviceName: "toolgate-langchain-example" });

const policy = definePolicy({
  rules: [
    { id: "files", agents: ["files-bot"], tools: ["read_file", "delete_file"], effect: "allow" },
    { id: "never-drop", tools: ["drop_table"], effect: "deny", description: "schema changes go through migrations" },
  ],
  approval: { approvers: ["owner"] }, // risky (high, critical) calls need the owner
});
const owner: Approver = async (request) => {
  console.log(`  ↳ owner asked to approve ${request.tool.name}(${JSON.stringify(request.input)}): yes`);
  return { approved: true, by: "alice@example.com" };
};
const gate = createGate({ policy, approvers: { owner } });
const bot = gate.agent({ name: "files-bot", owner: "team-files" });

// Plain LangChain tools: nothing toolgate-specific in how they are written.
const path = z.object({ path: z.string() });
const readFile = tool(async ({ path }) => `contents of ${path}`, {
  name: "read_file",
  description: "Read",
  schema: path,
});
const deleteFile = tool(async ({ path }) => `deleted ${path}`, {
  name: "delete_file",
  description: "Delete",
  schema: path,
});
const dropTable = tool(async ({ table }) => `dropped ${table}`, {
  name: "drop_table",
  description: "Drop a table",
  schema: z.object({ table: z.string() }),
});

// LangChain's fake chat model asks for three tool calls in one turn, then answers.
const model = fakeModel()
  .respondWithTools([
    { name: "read_file", args: { path: "/srv/report.txt" }, id: "call_read" },
    { name: "delete_file", args: { path: "/srv/old.txt" }, id: "call_delete" },
    { name: "drop_table", args: { table: "customers" }, id: "call_drop" },
  ])
  .respond(new AIMessage("Done."));

const agent = createAgent({
  model,
  tools: [readFile, deleteFile, dropTable],
  middleware: [
    toolgateMiddleware(bot, {
      risk: { delete_file: "high", drop_table: "critical" },
      onRefusal: (error) => console.log(`  ↳ host sees ${error.code} from rule "${error.decision?.rule}"`),
    }),
  ],
});

console.log(`Agent ${bot.name} (${bot.id}) runs:`);
await agent.invoke({ messages: [new HumanMessage("Tidy up the files")] }, { configurable: { thread_id: "t-1" } });

console.log("\nWhat the model saw in its next turn:");
for (const message of model.calls[1]?.messages ?? []) {
  if (!ToolMessage.isInstance(message)) continue;
  console.log(`  ${message.status === "error" ? "✗" : "✓"} ${message.tool_call_id}: ${message.content}`);
}

console.log("\nSpans (the audit trail):");
console.log(
  formatSpanTree(await tracing.spans(), ["gen_ai.tool.call.id", "toolgate.decision.rule", "error.type"]).replace(
    /^/gm,
    "  ",
  ),
);
await tracing.shutdown();
