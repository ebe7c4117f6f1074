// toolgate with Mastra (@mastra/core), offline: a Mastra agent driven by the AI SDK's own mock model, every
// tool call passing the gate, and a deploy that needs the user — Mastra suspends the run, the user approves,
// the run resumes. Run: npx tsx examples/mastra.ts
// (Imports point at src/ so the example runs before a build; in an application they are "toolgate",
// "toolgate/mastra" and "toolgate/otel".)

import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { Agent } from "@mastra/core/agent";
import { Mastra } from "@mastra/core/mastra";
import { InMemoryStore } from "@mastra/core/storage";
import { createTool } from "@mastra/core/tools";
import { MockLanguageModelV4 } from "ai/test";
import { createGate, definePolicy, memoryStore } from "toolgate";
import { createToolApproval, guardTools } from "toolgate/mastra";
import { formatSpanTree, setupTracing } from "toolgate/otel";
import { z } from "zod";

const tracing = setupTracing({ serviceName: "toolgate-mastra-example" });

const policy = definePolicy({
  rules: [
    { id: "reads", agents: ["ops-bot"], tools: ["read_file"], effect: "allow" },
    { id: "deploys", agents: ["ops-bot"], tools: ["deploy"], effect: "allow", approval: { approvers: ["user"] } },
    { id: "never-drop", tools: ["drop_table"], effect: "deny" },
  ],
});
// Questions and answers live in the gate's store (redisStore() to resume a run on another replica).
const store = memoryStore();
const approvals = createToolApproval({ store });
const gate = createGate({ policy, store, approvers: { user: approvals.approver } });
const bot = gate.agent({ id: "agt_ops", name: "ops-bot", owner: "team-ops" });

// Plain Mastra tools: nothing toolgate-specific in how they are written.
const tools = guardTools(bot, {
  read_file: createTool({
    id: "read_file",
    description: "Read",
    inputSchema: z.object({ path: z.string() }),
    execute: async ({ path }) => `contents of ${path}`,
  }),
  deploy: createTool({
    id: "deploy",
    description: "Deploy",
    inputSchema: z.object({ env: z.string() }),
    execute: async ({ env }) => `deployed to ${env}`,
  }),
  drop_table: createTool({
    id: "drop_table",
    description: "Drop",
    inputSchema: z.object({ table: z.string() }),
    execute: async () => "dropped",
  }),
});

// --- the AI SDK's mock model, scripted: two tool calls, then a deploy, then an answer ---
const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
};
const calls = (...list: [string, string, unknown][]): LanguageModelV4GenerateResult => ({
  content: list.map(([toolCallId, toolName, input]) => ({
    type: "tool-call",
    toolCallId,
    toolName,
    input: JSON.stringify(input),
  })),
  finishReason: { unified: "tool-calls", raw: "tool_calls" },
  usage,
  warnings: [],
});
const answer = (text: string): LanguageModelV4GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage,
  warnings: [],
});
const model = new MockLanguageModelV4({
  doGenerate: [
    calls(["call_read", "read_file", { path: "/srv/report.txt" }], ["call_drop", "drop_table", { table: "customers" }]),
    calls(["call_deploy", "deploy", { env: "prod" }]),
    answer("Done."),
  ],
});

const ops = new Agent({ id: "ops", name: "ops", instructions: "Run the release.", model: model as never, tools });
const mastra = new Mastra({ agents: { ops }, storage: new InMemoryStore(), logger: false });
const agent = mastra.getAgent("ops");

console.log(`${bot.name} (${bot.id}) runs; the deploy needs the user, so Mastra suspends the run:`);
const run = await agent.generate("Ship it", { requireToolApproval: approvals.requireToolApproval(gate, tools) });
const asked = run.suspendPayload as { toolName: string; args: unknown };
console.log(`  finish reason: ${run.finishReason}; asked about: ${asked.toolName}(${JSON.stringify(asked.args)})`);
const resumed = (await approvals.respond(gate, agent, run, { approved: true, by: "alice@example.com" })) as {
  text: string;
};
console.log(`  alice approves; the run resumes: ${resumed.text}`);

console.log("\nSpans (the audit trail):");
console.log(
  formatSpanTree(await tracing.spans(), [
    "gen_ai.tool.call.id",
    "toolgate.decision.rule",
    "toolgate.approval.by",
    "error.type",
  ]),
);
await tracing.shutdown();
