// toolgate/otel registers global OpenTelemetry state, so it is tested in a file of its own.
import { trace } from "@opentelemetry/api";
import { afterAll, expect, it } from "vitest";
import { createGate, definePolicy } from "../src/index.js";
import { formatSpanTree, setupTracing } from "../src/otel/index.js";
import { recordingTool } from "./helpers.js";

const tracing = setupTracing({ serviceName: "toolgate-test", otlp: false });
afterAll(() => tracing.shutdown());

it("setupTracing records gated calls through the global provider, nested under the active span", async () => {
  const gate = createGate({
    policy: definePolicy({
      rules: [
        { id: "read", tools: ["crm.*"], effect: "allow" },
        { id: "no-drop", tools: ["db.*"], effect: "deny" },
      ],
    }),
  });
  const agent = gate.agent({ name: "bot", owner: "team" });
  await trace.getTracer("test").startActiveSpan("invoke_agent bot", async (run) => {
    await agent.guard(recordingTool("crm.read").tool).call({});
    await agent.guard(recordingTool("db.drop").tool).safeCall({});
    run.end();
  });
  const tree = formatSpanTree(await tracing.spans());
  expect(tracing.otlp).toBe(false);
  expect(tree.split("\n")).toEqual([
    expect.stringMatching(/^✓ invoke_agent bot \(/),
    expect.stringMatching(/^├─ ✓ execute_tool crm\.read \(.*decision\.rule=read .*audit\.seq=1$/),
    expect.stringMatching(
      /^└─ ✗ execute_tool db\.drop \(.*decision\.rule=no-drop .*error\.type=TOOL_DENIED .*audit\.seq=2$/,
    ),
  ]);
});
