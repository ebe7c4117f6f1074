// The traced call beside its floor, and the approved call beside a plain one, in one run: what toolgate adds
// over what any audit span of the same content must cost. `BENCH_BASELINE=<git revision>` measures that
// revision's guarded calls in the same run, beside this build's.
import { hash } from "node:crypto";
import { type Attributes, context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { loadBaseline } from "./baseline.js";
import { type CallFixture, callFixture, checkCallFixture } from "./calls.js";
import { type CpuTiming, cpuInterleaved } from "./cpu-time.js";
import { duration, ratio, table, verdict } from "./format.js";
import { generatePolicy } from "./rules.js";
import type { ToolgateModule } from "./toolgate.js";

const ROUND_MS = 40;

type RefundInput = { orderId: string; amount: number; currency: string };

/** What a floor span carries: the traced call's own attributes and events, and the texts toolgate hashes. */
interface SpanContent {
  readonly name: string;
  readonly attributes: Attributes;
  readonly events: readonly { readonly name: string; readonly attributes: Attributes }[];
  /** Texts of the sizes toolgate hashes for the call: the input's and result's canonical JSON, each entry's. */
  readonly hashed: { readonly before: readonly string[]; readonly after: readonly string[] };
}

const withoutHash = (line: string) => line.replace(/,"hash":"[0-9a-f]{64}"\}$/, "}");

/** The content of one real traced call of the call fixture (same policy, agent and tool), read back from its span. */
async function contentOf(toolgate: ToolgateModule, calls: CallFixture): Promise<SpanContent> {
  const { input, execute, probe } = calls;
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const policy = toolgate.definePolicy({ rules: generatePolicy(1_000).rules });
  const agent = toolgate.createGate({ policy, tracerProvider: provider }).agent({ name: probe.agent, owner: "bench" });
  const tool = toolgate.defineTool({ name: probe.tool, input: toolgate.passthroughSchema<RefundInput>(), execute });
  const result = await agent.guard(tool).call(input);
  const [span] = exporter.getFinishedSpans() as ReadableSpan[];
  if (!span) throw new Error("bench setup: the traced call exported no span");
  const line = (attributes: Attributes | undefined) => withoutHash(String(attributes?.["toolgate.audit.entry"]));
  const begins = span.events.filter((event) => event.name === "toolgate.audit.begin").map((e) => line(e.attributes));
  return {
    name: span.name,
    attributes: { ...span.attributes },
    events: span.events.map((event) => ({ name: event.name, attributes: { ...event.attributes } })),
    // argsHash and the begin entry before the tool runs; the result's hash and the end entry after.
    hashed: { before: [JSON.stringify(input), ...begins], after: [JSON.stringify(result), line(span.attributes)] },
  };
}

/** The plain and the approved call on one gate (tracing off): the same tool, one rule asks an inline approver. */
function approvalFixture(toolgate: ToolgateModule, execute: (i: RefundInput) => Promise<number>) {
  const { createGate, definePolicy, defineTool, passthroughSchema } = toolgate;
  const policy = definePolicy({
    rules: [
      { id: "plain", tools: ["refund.plain"], effect: "allow" },
      { id: "approved", tools: ["refund.approved"], effect: "allow", approval: { approvers: ["owner"] } },
    ],
  });
  const owner = async () => ({ approved: true, by: "bench" });
  const agent = createGate({ policy, approvers: { owner } }).agent({ name: "bench-agent", owner: "bench" });
  const tool = (name: string) => agent.guard(defineTool({ name, input: passthroughSchema<RefundInput>(), execute }));
  return { plain: tool("refund.plain"), approved: tool("refund.approved") };
}

/** One build's guarded calls (this one, or a baseline's), checked to be allowed. */
async function guardedCases(toolgate: ToolgateModule) {
  const calls = callFixture(toolgate);
  await checkCallFixture(calls);
  const approvals = approvalFixture(toolgate, calls.execute);
  for (const guarded of [approvals.plain, approvals.approved]) {
    if ((await guarded.call(calls.input)) !== (await calls.execute(calls.input)))
      throw new Error("bench setup: approval");
  }
  return { calls, approvals };
}

/** Runs the section; returns its report lines and its target verdicts. */
export async function floorReport(
  toolgate: ToolgateModule,
  rounds: number,
): Promise<{ lines: string[]; verdicts: string[] }> {
  const revision = process.env.BENCH_BASELINE;
  const builds = [{ label: "this build", toolgate }];
  if (revision) {
    const baseline = await loadBaseline(revision);
    builds.push({ label: `baseline ${baseline.commit}`, toolgate: baseline.toolgate });
  }
  const cases = await Promise.all(builds.map((build) => guardedCases(build.toolgate)));
  const { input, execute } = cases[0]?.calls ?? (undefined as never);

  const untracedCases: Record<string, () => unknown> = { raw: () => execute(input) };
  for (const [i, { calls, approvals }] of cases.entries()) {
    untracedCases[`off${i}`] = () => calls.guardedUntraced.call(input);
    untracedCases[`plain${i}`] = () => approvals.plain.call(input);
    untracedCases[`approved${i}`] = () => approvals.approved.call(input);
  }
  const untraced = await cpuInterleaved(untracedCases, { rounds, roundMs: ROUND_MS });

  // Spans need a context manager, as an application's SDK setup registers (false when one already is).
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const content = await contentOf(toolgate, cases[0]?.calls ?? (undefined as never));
  const recording = cases[0]?.calls.recording ?? (undefined as never);
  const tracer = recording.provider.getTracer("bench-floor");
  const floor = () =>
    tracer.startActiveSpan(content.name, { attributes: content.attributes }, async (span) => {
      for (const text of content.hashed.before) hash("sha256", text, "hex");
      for (const event of content.events) span.addEvent(event.name, event.attributes);
      const result = await execute(input);
      for (const text of content.hashed.after) hash("sha256", text, "hex");
      span.end();
      return result;
    });
  const tracedCases: Record<string, () => unknown> = { floor };
  for (const [i, { calls }] of cases.entries()) tracedCases[`traced${i}`] = () => calls.guardedTraced.call(input);
  const traced = await cpuInterleaved(tracedCases, { rounds, roundMs: ROUND_MS });
  await recording.provider.forceFlush();

  const at = (timings: Record<string, CpuTiming>, key: string) => timings[key] as CpuTiming;
  const raw = at(untraced, "raw");
  const base = at(traced, "floor");
  const row = (label: string, t: CpuTiming, over: CpuTiming, overLabel: string) => [
    label,
    duration(t.ns),
    `+${duration(t.ns - raw.ns)}`,
    `${ratio(t.ns / over.ns)} ${overLabel}`,
  ];
  const hashes = content.hashed.before.length + content.hashed.after.length;
  const attributeCount = Object.keys(content.attributes).length;
  const rows: string[][] = [row("raw: await tool.execute(input)", raw, raw, "raw")];
  for (const [i, build] of builds.entries()) {
    const tag = builds.length > 1 ? ` [${build.label}]` : "";
    rows.push(row(`guarded, tracing off${tag}`, at(untraced, `off${i}`), raw, "raw"));
  }
  rows.push(
    row(
      `floor: bare span, same ${attributeCount} attributes and ${content.events.length} event, ${hashes} SHA-256`,
      base,
      base,
      "floor",
    ),
  );
  for (const [i, build] of builds.entries()) {
    const tag = builds.length > 1 ? ` [${build.label}]` : "";
    rows.push(row(`guarded, tracing on${tag}`, at(traced, `traced${i}`), base, "floor"));
  }
  for (const [i, build] of builds.entries()) {
    const tag = builds.length > 1 ? ` [${build.label}]` : "";
    const plain = at(untraced, `plain${i}`);
    rows.push(row(`plain call, tracing off${tag}`, plain, plain, "plain"));
    rows.push(row(`approved call, inline approver${tag}`, at(untraced, `approved${i}`), plain, "plain"));
  }
  const tracedOverFloor = at(traced, "traced0").ns / base.ns;
  const offOverRaw = at(untraced, "off0").ns - raw.ns;
  const approvedOverPlain = at(untraced, "approved0").ns / at(untraced, "plain0").ns;
  const lines = [
    "TRACED CALL vs ITS FLOOR, APPROVED vs PLAIN (thread CPU time per call over interleaved rounds; ratios within one run)",
    `floor: the SDK span with the traced call's own attributes and events, plus the ${hashes} SHA-256 toolgate computes`,
    "(the input's hash, the begin and end entries', the result's) over texts of the same sizes; no ledger sink",
    table(["", "CPU/call", "over raw", "ratio"], rows),
    "",
  ];
  const verdicts = [
    verdict(tracedOverFloor <= 1.25, "traced call ≤ 1.25× its floor", ratio(tracedOverFloor)),
    verdict(offOverRaw <= 1000, "tracing off ≤ 1 µs over a raw call", `+${duration(offOverRaw)}`),
    verdict(approvedOverPlain <= 5, "approved call (inline approver) ≤ 5× a plain one", ratio(approvedOverPlain)),
  ];
  return { lines, verdicts };
}
