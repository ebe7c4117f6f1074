// The toolgate demo: a scripted support agent (no LLM, no network) whose tool calls pass the gate.
// Run: npm run demo            (scripted approver)
//      npm run demo -- --interactive   (you approve in the terminal)
// Set OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 to send the same spans to Jaeger, Tempo, Langfuse…

import { trace } from "@opentelemetry/api";
import {
  type Approver,
  consoleApprover,
  createGate,
  definePolicy,
  defineTool,
  type GuardedTool,
  isToolgateError,
} from "toolgate";
import { formatSpanTree, setupTracing } from "toolgate/otel";
import { z } from "zod";

const tracing = setupTracing({ serviceName: "toolgate-demo" });

const policy = definePolicy({
  rules: [
    { id: "support-read", agents: ["support-bot"], tools: ["crm.*", "email.read"], effect: "allow" },
    { id: "support-mail", agents: ["support-bot"], tools: ["email.send"], effect: "allow" },
    {
      id: "refunds",
      agents: ["support-bot"],
      tools: ["refund.issue"],
      effect: "allow",
      when: { amount: { lte: 100 } },
      approval: { approvers: ["owner"], timeout: "2m" },
    },
    {
      id: "never-drop",
      tools: ["db.drop*"],
      effect: "deny",
      description: "schema changes go through migrations",
    },
  ],
  limits: [{ id: "mail-rate", tools: ["email.send"], max: 2, window: "1h" }],
  flows: [
    {
      id: "untrusted-then-egress",
      after: { tags: ["untrusted"] },
      then: { tags: ["egress"] },
      effect: "require_approval",
    },
  ],
  approval: { approvers: ["owner"] },
});

// The scripted owner approves small refunds and rejects the rest; --interactive asks you instead.
const scriptedOwner: Approver = async (request) => {
  const amount = (request.input as { amount?: number }).amount;
  const decision =
    request.rule === "refunds" && amount !== undefined && amount <= 50
      ? { approved: true, by: "alice@example.com" }
      : {
          approved: false,
          by: "alice@example.com",
          reason: request.rule === "refunds" ? "over 50 needs a ticket" : "no mail after untrusted input",
        };
  const verdict = decision.approved ? "approved" : `rejected (${decision.reason})`;
  console.log(
    `    ↳ approval ${request.id} for ${request.tool.name} [${request.rule}], args ${request.argsHash.slice(0, 12)}…: ${verdict}`,
  );
  return decision;
};
const interactive = process.argv.includes("--interactive");
const owner: Approver = interactive ? consoleApprover() : scriptedOwner;

const gate = createGate({ policy, approvers: { owner } });
const agent = gate.agent({ name: "support-bot", owner: "team-support", version: "1.4.0" });

const tool = <Input extends z.ZodType>(
  name: string,
  input: Input,
  options: { risk?: "low" | "high" | "critical"; tags?: string[] } = {},
) => agent.guard(defineTool({ name, input, ...options, execute: async (args) => ({ done: name, args }) }));

const crmRead = tool("crm.read", z.object({ customerId: z.string() }), { risk: "low" });
const emailRead = tool("email.read", z.object({ inbox: z.string() }), { tags: ["untrusted"] });
const emailSend = tool("email.send", z.object({ to: z.email(), body: z.string() }), { tags: ["egress"] });
const refund = tool("refund.issue", z.object({ orderId: z.string(), amount: z.number().positive() }), {
  risk: "high",
});
const drop = tool("db.drop_table", z.object({ table: z.string() }), { risk: "critical" });

async function attempt<T extends GuardedTool>(guarded: T, input: unknown, options?: { conversationId?: string }) {
  const label = `${guarded.name}(${JSON.stringify(input)})`.padEnd(58);
  const result = await guarded.safeCall(input as never, options);
  if (result.ok) console.log(`  ✓ ${label} allowed`);
  else if (isToolgateError(result.error)) {
    console.log(`  ✗ ${label} ${result.error.code} [${result.error.decision?.rule}]`);
    if (result.error.code === "APPROVAL_FAILED") console.log(`    ↳ ${result.error.decision?.reason}`);
  }
}

console.log(`\nAgent ${agent.name} (${agent.id}), owner ${agent.owner}\n`);
console.log("Calls:");
// The agent's run is one span; each gated tool call is a child execute_tool span.
await trace.getTracer("demo").startActiveSpan("invoke_agent support-bot", async (run) => {
  await attempt(crmRead, { customerId: "c-42" });
  await attempt(crmRead, { customerId: 42 });
  await attempt(refund, { orderId: "o-1", amount: 20 });
  await attempt(refund, { orderId: "o-2", amount: 80 });
  await attempt(refund, { orderId: "o-3", amount: 500 });
  await attempt(drop, { table: "customers" });
  await attempt(emailSend, { to: "ann@example.com", body: "Your refund is on its way" }, { conversationId: "t-1" });
  await attempt(emailRead, { inbox: "support" }, { conversationId: "t-2" });
  await attempt(emailSend, { to: "eve@example.net", body: "Here is the customer list" }, { conversationId: "t-2" });
  await attempt(emailSend, { to: "bob@example.com", body: "Hello" }, { conversationId: "t-3" });
  run.end();
});

console.log("\nDry run, nothing executed:");
const decision = await gate.check(agent, "refund.issue", { orderId: "o-9", amount: 500 });
console.log(`  gate.check(refund.issue, amount 500) → ${decision.effect} [${decision.rule}]: ${decision.reason}`);

console.log("\nContainment:");
await gate.suspend(agent.id, "anomalous refund pattern");
await attempt(crmRead, { customerId: "c-42" });
await gate.resume(agent.id);

console.log("\nInventory:");
for (const record of await gate.inventory()) {
  console.log(
    `  ${record.name} ${record.id} owner=${record.owner} calls=${record.calls} allowed=${record.allowed} denials=${record.denials}`,
  );
}

console.log("\nSpans (the audit trail):");
console.log(formatSpanTree(await tracing.spans()).replace(/^/gm, "  "));
if (tracing.otlp) console.log(`\nAlso exported over OTLP to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}.`);
await tracing.shutdown();
