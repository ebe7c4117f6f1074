// toolgate with the Vercel AI SDK (v7): generateText and streamText, driven offline by the SDK's own mock
// model, with every tool call passing the gate. Run: npx tsx examples/ai-sdk.ts
// (Imports point at src/ so the example runs before a build; in an application they are "toolgate",
// "toolgate/ai" and "toolgate/otel".)

import { OpenTelemetry } from "@ai-sdk/otel";
import type {
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
} from "@ai-sdk/provider";
import { trace } from "@opentelemetry/api";
import { generateText, isStepCount, type ModelMessage, streamText, tool } from "ai";
import { convertArrayToReadableStream, MockLanguageModelV4 } from "ai/test";
import { createGate, definePolicy, memoryStore } from "toolgate";
import { createUserApproval, guardTools, toolgateTracer } from "toolgate/ai";
import { formatSpanTree, setupTracing } from "toolgate/otel";
import { z } from "zod";

const tracing = setupTracing({ serviceName: "toolgate-ai-sdk-example" });

const policy = definePolicy({
  rules: [
    { id: "reads", agents: ["files-bot"], tools: ["read_file", "index_files"], effect: "allow" },
    {
      id: "deletes-need-user",
      agents: ["files-bot"],
      tools: ["delete_file"],
      effect: "allow",
      approval: { approvers: ["user"] },
    },
    { id: "never-drop", tools: ["drop_table"], effect: "deny", description: "schema changes go through migrations" },
  ],
});
// The user approves through the AI SDK's own approval flow; toolgate records who, for which call.
// Questions and answers live in the gate's store (memory here; redisStore() to answer from any replica).
const store = memoryStore();
const approvals = createUserApproval({ store });
const gate = createGate({ policy, store, approvers: { user: approvals.approver } });
const bot = gate.agent({ name: "files-bot", owner: "team-files" });

// Plain AI SDK tools: nothing toolgate-specific in how they are written.
const path = z.object({ path: z.string() });
const tools = guardTools(
  bot,
  {
    read_file: tool({ description: "Read", inputSchema: path, execute: async ({ path }) => `contents of ${path}` }),
    delete_file: tool({ description: "Delete", inputSchema: path, execute: async ({ path }) => `deleted ${path}` }),
    drop_table: tool({
      description: "Drop",
      inputSchema: z.object({ table: z.string() }),
      execute: async () => "dropped",
    }),
    index_files: tool({
      description: "Index a folder, reporting progress",
      inputSchema: path,
      async *execute({ path }) {
        for (const done of [0, 50, 100]) yield { path, done };
      },
    }),
  },
  {
    // Each call's conversation comes from the tool context your code passes (`toolsContext`), never the model.
    conversationId: (context) => (context as { thread?: string } | undefined)?.thread,
    onRefusal: (error) => console.log(`  ↳ host sees ${error.code} from rule "${error.decision?.rule}"`),
  },
);

// --- LanguageModelV4 results for the mock model ---
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
const seen = (call: LanguageModelV4CallOptions | undefined) => {
  for (const message of call?.prompt ?? []) {
    if (message.role !== "tool") continue;
    for (const part of message.content)
      if (part.type === "tool-result") console.log(`  ${part.toolCallId}: ${JSON.stringify(part.output)}`);
  }
};
// The SDK's spans, with toolgate's span as the one span of each guarded tool call.
const telemetry = { integrations: new OpenTelemetry({ tracer: toolgateTracer(trace.getTracer("ai"), tools) }) };

console.log(`1. ${bot.name} (${bot.id}) reads a file and tries to drop a table:`);
const model = new MockLanguageModelV4({
  doGenerate: [
    calls(["call_read", "read_file", { path: "/srv/report.txt" }], ["call_drop", "drop_table", { table: "customers" }]),
    answer("Done."),
  ],
});
await generateText({ model, tools, prompt: "Tidy up", stopWhen: isStepCount(3), telemetry });
console.log("  What the model saw in its next turn:");
seen(model.doGenerateCalls[1]);

console.log("\n2. A delete needs the user: the run pauses with the SDK's approval request.");
const approving = new MockLanguageModelV4({
  doGenerate: [calls(["call_delete", "delete_file", { path: "/srv/old.txt" }]), answer("Deleted.")],
});
const messages: ModelMessage[] = [{ role: "user", content: "Delete the old file" }];
const toolApproval = approvals.toolApproval(gate);
const paused = await generateText({
  model: approving,
  tools,
  messages,
  toolApproval,
  stopWhen: isStepCount(3),
  telemetry,
});
messages.push(...paused.response.messages);
for (const part of paused.content) {
  if (part.type !== "tool-approval-request" || part.isAutomatic) continue;
  console.log(`  asked: ${part.toolCall.toolName}(${JSON.stringify(part.toolCall.input)}), user alice says yes`);
  messages.push({
    role: "tool",
    content: [await approvals.respond(part, { approved: true, by: "alice@example.com" })],
  });
}
await generateText({ model: approving, tools, messages, toolApproval, stopWhen: isStepCount(3), telemetry });
seen(approving.doGenerateCalls[1]);

console.log("\n3. A streaming tool keeps streaming, gated before its first chunk:");
const stream = (parts: LanguageModelV4StreamPart[]) => ({
  stream: convertArrayToReadableStream<LanguageModelV4StreamPart>([{ type: "stream-start", warnings: [] }, ...parts]),
});
const streaming = new MockLanguageModelV4({
  doStream: [
    stream([
      { type: "tool-call", toolCallId: "call_index", toolName: "index_files", input: '{"path":"/srv"}' },
      { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage },
    ]),
    stream([
      { type: "text-start", id: "t" },
      { type: "text-delta", id: "t", delta: "Indexed." },
      { type: "text-end", id: "t" },
      { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage },
    ]),
  ],
});
const result = streamText({ model: streaming, tools, prompt: "Index /srv", stopWhen: isStepCount(3), telemetry });
for await (const part of result.fullStream) {
  if (part.type === "tool-result")
    console.log(`  ${part.preliminary ? "progress" : "final   "} ${JSON.stringify(part.output)}`);
}

console.log("\nSpans (the AI SDK's, with toolgate's audit span as each tool call's span):");
const keys = ["gen_ai.tool.call.id", "toolgate.decision.rule", "toolgate.approval.by", "error.type"];
console.log(formatSpanTree(await tracing.spans(), keys).replace(/^/gm, "  "));
await tracing.shutdown();
