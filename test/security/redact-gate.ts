// One guarded call through a gate that records everything — tracing, a ledger sink capturing arguments and
// results, an approver — for the redaction attacks: what a secret must reach none of.
import {
  type ApprovalRequest,
  createGate,
  definePolicy,
  defineTool,
  memorySink,
  passthroughSchema,
} from "../../src/index.js";
import { memoryTracing } from "../helpers.js";

/** Runs one guarded, approved call of a tool that does `execute` with `input`; returns every record. */
export async function callThroughGate<I extends Record<string, unknown>>(
  input: I,
  execute: (input: I) => unknown,
): Promise<{ records: string; requests: ApprovalRequest[]; ok: boolean }> {
  const tracing = memoryTracing();
  const sink = memorySink();
  const requests: ApprovalRequest[] = [];
  const gate = createGate({
    policy: definePolicy({
      rules: [{ id: "asked", tools: ["send"], effect: "allow", approval: { approvers: ["owner"] } }],
    }),
    tracerProvider: tracing.tracerProvider,
    audit: { sink, captureArguments: true, captureResults: true },
    approvers: {
      owner: async (request) => {
        requests.push(request);
        return { approved: true, by: "alice" };
      },
    },
  });
  const send = gate
    .agent({ name: "bot", owner: "team" })
    .guard(defineTool({ name: "send", input: passthroughSchema<I>(), execute }));
  const result = await send.safeCall(input);
  await gate.close();
  const spans = await tracing.spans();
  const records = [
    ...spans.map((span) => JSON.stringify([span.attributes, span.status, span.events])),
    ...sink.lines,
    JSON.stringify(requests),
  ].join("\n");
  return { records, requests, ok: result.ok };
}
