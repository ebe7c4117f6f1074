// The traced call beside its floor, and the approved call beside a plain one, in one run: what toolgate adds
// over what any audit span of the same content must cost. `BENCH_BASELINE=<git revision>` measures that
// revision's guarded calls in the same run, beside this build's.
import { hash } from "node:crypto";
import { type Attributes, context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { loadBaseline } from "./baseline.js";
import { type CallFixture, callFixture, checkCallFixture } from "./calls.js";
import { duration, ratio, table, verdict } from "./format.js";
import { type Interleaved, interleaved } from "./interleave.js";
import { generatePolicy } from "./rules.js";
import type { ToolgateModule } from "./toolgate.js";
import { capturingProvider } from "./tracing.js";

const BATCH_MS = 0.5;

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
  const { provider, finished } = capturingProvider();
  const policy = toolgate.definePolicy({ rules: generatePolicy(1_000).rules });
  const agent = toolgate.createGate({ policy, tracerProvider: provider }).agent({ name: probe.agent, owner: "bench" });
  const tool = toolgate.defineTool({ name: probe.tool, input: toolgate.passthroughSchema<RefundInput>(), execute });
  const result = await agent.guard(tool).call(input);
  const [span] = await finished();
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

/** The builds measured: this one, and the one `BENCH_BASELINE` names. */
async function buildsToMeasure(toolgate: ToolgateModule) {
  const builds = [{ label: "this build", toolgate }];
  const revision = process.env.BENCH_BASELINE;
  if (revision) {
    const baseline = await loadBaseline(revision);
    builds.push({ label: `baseline ${baseline.commit}`, toolgate: baseline.toolgate });
  }
  return Promise.all(builds.map(async (build) => ({ ...build, ...(await guardedCases(build.toolgate)) })));
}

/**
 * Runs the section (`rounds` interleaved batches of 0.5 ms per case); returns its report lines and target verdicts.
 * It registers a context manager when none is, as an application's SDK setup does, after the untraced cases.
 */
export async function floorReport(
  toolgate: ToolgateModule,
  rounds = 60,
): Promise<{ lines: string[]; verdicts: string[] }> {
  const builds = await buildsToMeasure(toolgate);
  const [own] = builds;
  if (!own) throw new Error("bench setup: no build to measure");
  const { input, execute, recording } = own.calls;

  // Three groups, each interleaved on its own: what approvals leave behind (timers, signals) stays out of the others.
  const offCases: Record<string, () => unknown> = { raw: () => execute(input) };
  const approvalCases: Record<string, () => unknown> = {};
  for (const [i, { calls, approvals }] of builds.entries()) {
    offCases[`off${i}`] = () => calls.guardedUntraced.call(input);
    approvalCases[`plain${i}`] = () => approvals.plain.call(input);
    approvalCases[`approved${i}`] = () => approvals.approved.call(input);
  }
  const untraced = {
    ...(await interleaved(offCases, { rounds, batchMs: BATCH_MS })),
    ...(await interleaved(approvalCases, { rounds, batchMs: BATCH_MS })),
  };

  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const content = await contentOf(toolgate, own.calls);
  const tracer = recording.provider.getTracer("bench-floor");
  // The floor: the same span, events and hashes, with nothing built. `oneHash` is the first reading of it.
  const floorWith = (before: readonly string[], after: readonly string[]) => () =>
    tracer.startActiveSpan(content.name, { attributes: content.attributes }, async (span) => {
      for (const text of before) hash("sha256", text, "hex");
      for (const event of content.events) span.addEvent(event.name, event.attributes);
      const result = await execute(input);
      for (const text of after) hash("sha256", text, "hex");
      span.end();
      return result;
    });
  const tracedCases: Record<string, () => unknown> = {
    floor: floorWith(content.hashed.before, content.hashed.after),
    oneHash: floorWith([], content.hashed.after.slice(-1)),
  };
  for (const [i, { calls }] of builds.entries()) tracedCases[`traced${i}`] = () => calls.guardedTraced.call(input);
  const traced = await interleaved(tracedCases, { rounds, batchMs: BATCH_MS });
  await recording.provider.forceFlush();
  return report(builds, content, untraced, traced);
}

function report(
  builds: readonly { label: string }[],
  content: SpanContent,
  untraced: Record<string, Interleaved>,
  traced: Record<string, Interleaved>,
): { lines: string[]; verdicts: string[] } {
  const at = (timings: Record<string, Interleaved>, key: string) => timings[key] as Interleaved;
  const raw = at(untraced, "raw");
  const floor = at(traced, "floor");
  const row = (label: string, t: Interleaved, over: Interleaved, overLabel: string) => [
    label,
    duration(t.p10),
    duration(t.p50),
    `+${duration(t.p10 - raw.p10)}`,
    `${ratio(t.p10 / over.p10)} ${overLabel}`,
  ];
  const tagged = (label: string, i: number) => (builds.length > 1 ? `${label} [${builds[i]?.label}]` : label);
  const hashes = content.hashed.before.length + content.hashed.after.length;
  const spanContent = `same ${Object.keys(content.attributes).length} attributes and ${content.events.length} event`;
  const rows: string[][] = [row("raw: await tool.execute(input)", raw, raw, "raw")];
  for (const i of builds.keys()) rows.push(row(tagged("guarded, tracing off", i), at(untraced, `off${i}`), raw, "raw"));
  rows.push(row(`floor: bare span, ${spanContent}, ${hashes} SHA-256`, floor, floor, "floor"));
  rows.push(row("  the same with one SHA-256 (the end entry's)", at(traced, "oneHash"), floor, "floor"));
  for (const i of builds.keys())
    rows.push(row(tagged("guarded, tracing on", i), at(traced, `traced${i}`), floor, "floor"));
  for (const i of builds.keys()) {
    const plain = at(untraced, `plain${i}`);
    rows.push(row(tagged("plain call, tracing off", i), plain, plain, "plain"));
    rows.push(row(tagged("approved call, inline approver", i), at(untraced, `approved${i}`), plain, "plain"));
  }
  // Each target for this build, and for the baseline beside it when one was measured.
  const per = (value: (i: number) => number, show: (value: number) => string) =>
    [...builds.keys()].map((i) => (i === 0 ? show(value(i)) : `${builds[i]?.label} ${show(value(i))}`)).join("; ");
  const tracedOverFloor = (i: number) => at(traced, `traced${i}`).p10 / floor.p10;
  const offOverRaw = (i: number) => at(untraced, `off${i}`).p10 - raw.p10;
  const approvedOverPlain = (i: number) => at(untraced, `approved${i}`).p10 / at(untraced, `plain${i}`).p10;
  const oneHash = at(traced, "traced0").p10 / at(traced, "oneHash").p10;
  return {
    lines: [
      "TRACED CALL vs ITS FLOOR, APPROVED vs PLAIN (wall time per call in interleaved 0.5 ms batches; ratios of p10s, one run)",
      `floor: the SDK span with the traced call's own attributes and events, plus the ${hashes} SHA-256 toolgate computes`,
      "(the input's, the begin and end entries', the result's) over texts of the same sizes; no ledger sink, no metrics",
      table(["", "p10", "p50", "p10 over raw", "p10 ratio"], rows),
      "",
    ],
    verdicts: [
      verdict(
        tracedOverFloor(0) <= 1.25,
        "traced call ≤ 1.25× its floor",
        `${per(tracedOverFloor, ratio)}; ${ratio(oneHash)} the one-hash floor`,
      ),
      verdict(
        offOverRaw(0) <= 1000,
        "tracing off ≤ 1 µs over a raw call",
        per(offOverRaw, (ns) => `+${duration(ns)}`),
      ),
      verdict(
        approvedOverPlain(0) <= 5,
        "approved call (inline approver) ≤ 5× a plain one",
        per(approvedOverPlain, ratio),
      ),
    ],
  };
}
