// toolgate/otel registers global OpenTelemetry state, so it is tested in a file of its own. Its OTLP
// exporter points at a loopback port nothing listens on: a missing collector must never reach the host.
import { createServer } from "node:net";
import { trace } from "@opentelemetry/api";
import { afterAll, expect, it } from "vitest";
import { createGate, definePolicy } from "../src/index.js";
import { formatSpanTree, setupTracing } from "../src/otel/index.js";
import { recordingTool } from "./helpers.js";

async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

const port = await closedLoopbackPort();
const saved = { endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT, timeout: process.env.OTEL_EXPORTER_OTLP_TIMEOUT };
process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${port}`;
// Below the exporter's first retry backoff, so a refused connection fails at once instead of after retries.
process.env.OTEL_EXPORTER_OTLP_TIMEOUT = "500";
const reported: string[] = [];
const tracing = setupTracing({ serviceName: "toolgate-test", onExportError: (line) => reported.push(line) });
afterAll(() => {
  for (const [key, value] of [
    ["OTEL_EXPORTER_OTLP_ENDPOINT", saved.endpoint],
    ["OTEL_EXPORTER_OTLP_TIMEOUT", saved.timeout],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

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
  expect(tracing.otlp).toBe(true);
  expect(tree.split("\n")).toEqual([
    expect.stringMatching(/^✓ invoke_agent bot \(/),
    expect.stringMatching(/^├─ ✓ execute_tool crm\.read \(.*decision\.rule=read .*audit\.seq=2$/), // after its begin entry
    expect.stringMatching(
      /^└─ ✗ execute_tool db\.drop \(.*decision\.rule=no-drop .*error\.type=TOOL_DENIED .*audit\.seq=3$/,
    ),
  ]);
});

it("with no collector listening, spans() and shutdown() resolve and the failure is reported once", async () => {
  const tracer = trace.getTracer("test");
  // More than one batch (512 spans): the first is exported at once, the rest at shutdown; both fail.
  for (let index = 0; index < 600; index++) tracer.startSpan(`work ${index}`).end();
  expect((await tracing.spans()).length).toBe(603);
  await expect(tracing.shutdown()).resolves.toBeUndefined();
  expect(reported).toHaveLength(1);
  expect(reported[0]).toMatch(
    new RegExp(
      `^toolgate/otel: cannot export spans to http://127\\.0\\.0\\.1:${port}/v1/traces \\(.*ECONNREFUSED.*\\); `,
    ),
  );
  expect(reported[0]).toContain("they are still kept in memory");
  expect(reported[0]).not.toContain("\n");
});
