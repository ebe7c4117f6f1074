// toolgate with the OpenAI Agents SDK: run() driven offline by a scripted Model (the SDK's interface for
// models, no network), with every tool call passing the gate. Run: npx tsx examples/openai-agents.ts
// (Imports point at src/ so the example runs before a build; in an application they are "toolgate",
// "toolgate/openai-agents" and "toolgate/otel".)

import {
  Agent,
  type AgentInputItem,
  type AgentOutputItem,
  type Model,
  type ModelRequest,
  type ModelResponse,
  RunState,
  run,
  setTracingDisabled,
  tool,
  Usage,
} from "@openai/agents";
import { createGate, definePolicy, memoryStore } from "toolgate";
import { createRunApproval, guardTools } from "toolgate/openai-agents";
import { formatSpanTree, setupTracing } from "toolgate/otel";
import { z } from "zod";

setTracingDisabled(true); // the SDK's own traces go to OpenAI; toolgate's spans go to OpenTelemetry
const tracing = setupTracing({ serviceName: "toolgate-openai-agents-example" });

const policy = definePolicy({
  rules: [
    { id: "reads", agents: ["files-bot"], tools: ["read_file"], effect: "allow" },
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
// The user answers the SDK's approval interruptions; toolgate records who approved which call.
const store = memoryStore(); // redisStore() to resume a run on another replica
const approvals = createRunApproval({ store });
const gate = createGate({ policy, store, approvers: { user: approvals.approver } });
const bot = gate.agent({ name: "files-bot", owner: "team-files" });

// Plain Agents SDK tools: nothing toolgate-specific in how they are written.
const path = z.object({ path: z.string() });
const tools = guardTools(
  bot,
  [
    tool({
      name: "read_file",
      description: "Read",
      parameters: path,
      execute: async ({ path }) => `contents of ${path}`,
    }),
    tool({
      name: "delete_file",
      description: "Delete",
      parameters: path,
      execute: async ({ path }) => `deleted ${path}`,
    }),
    tool({
      name: "drop_table",
      description: "Drop",
      parameters: z.object({ table: z.string() }),
      execute: async () => "dropped",
    }),
  ],
  {
    needsApproval: approvals.needsApproval(gate),
    onRefusal: (error) => console.log(`  ↳ host sees ${error.code} from rule "${error.decision?.rule}"`),
  },
);

/** Answers each request with the next scripted turn, and keeps the requests to show what the model saw. */
class ScriptedModel implements Model {
  readonly requests: ModelRequest[] = [];
  constructor(private readonly turns: AgentOutputItem[][]) {}
  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(request);
    const usage = new Usage({ requests: 1, inputTokens: 1, outputTokens: 1, totalTokens: 2 });
    return { usage, output: this.turns[this.requests.length - 1] ?? [], responseId: `resp_${this.requests.length}` };
  }
  // biome-ignore lint/correctness/useYield: this example never streams
  async *getStreamedResponse(): AsyncIterable<never> {
    throw new Error("not used in this example");
  }
}
const call = (callId: string, name: string, args: unknown): AgentOutputItem => ({
  type: "function_call",
  callId,
  name,
  arguments: JSON.stringify(args),
  status: "completed",
});
const say = (text: string): AgentOutputItem => ({
  type: "message",
  role: "assistant",
  status: "completed",
  content: [{ type: "output_text", text }],
});

const model = new ScriptedModel([
  [
    call("call_read", "read_file", { path: "/srv/report.txt" }),
    call("call_drop", "drop_table", { table: "customers" }),
    call("call_delete", "delete_file", { path: "/srv/old.txt" }),
  ],
  [say("Done.")],
]);
const filesBot = new Agent({ name: "files-bot", instructions: "Tidy up the files.", model, tools });

console.log(`${bot.name} (${bot.id}) runs; the delete needs the user, so the run pauses:`);
const result = await run(filesBot, "Tidy up");
// The paused run can be saved and resumed in another process: the answer is kept in the gate's store.
const saved = result.state.toString();
const state = await RunState.fromString(filesBot, saved);
for (const item of state.getInterruptions()) {
  console.log(`  asked: ${item.name}(${item.arguments}), user alice says yes`);
  await approvals.respond(state, item, { approved: true, by: "alice@example.com" });
}
const resumed = await run(filesBot, state);
console.log(`  final answer: ${resumed.finalOutput}`);

console.log("\nWhat the model saw in its next turn:");
for (const item of (model.requests.at(-1)?.input ?? []) as AgentInputItem[]) {
  if (item.type === "function_call_result") console.log(`  ${item.callId}: ${JSON.stringify(item.output)}`);
}

console.log("\nSpans (the audit trail):");
const keys = ["gen_ai.tool.call.id", "toolgate.decision.rule", "toolgate.approval.by", "error.type"];
console.log(formatSpanTree(await tracing.spans(), keys).replace(/^/gm, "  "));
await tracing.shutdown();
