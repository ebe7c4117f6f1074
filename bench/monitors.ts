// The cost of monitors per call: the same guarded call without monitors, with a typical set of five (none firing),
// and with one alert firing on every call (the anomaly recorded and told to a hook); then all presets' monitors
// together beside the same gate without them (bench/preset-monitors.ts). Tracing off, memory store.
// `tsx bench/monitors.ts` runs this section alone.
import { fileURLToPath } from "node:url";
import { table, timingRow } from "./format.js";
import { timeInterleaved } from "./measure.js";
import { presetMonitorsReport } from "./preset-monitors.js";
import { loadToolgate, type ToolgateModule } from "./toolgate.js";

type Input = { orderId: string; amount: number };
type MonitorDefinition = NonNullable<Parameters<ToolgateModule["definePolicy"]>[0]["monitors"]>[number];

/** Five monitors a team might start with; windows short enough that a benchmark's call rate never fires them. */
export const TYPICAL_MONITORS: MonitorDefinition[] = [
  { id: "burst", kind: "rate", max: 10_000, window: "1ms", action: "suspend" },
  { id: "probing", kind: "denials", max: 10, window: "5m", action: "suspend" },
  { id: "orders", kind: "fan-out", field: "orderId", max: 10_000, window: "1m", action: "alert" },
  { id: "new-tool", kind: "first-use", learn: "1ms", action: "alert" },
  { id: "odd-sequence", kind: "sequence", length: 3, learn: "1ms", action: "alert" },
];

function guardedWith(toolgate: ToolgateModule, monitors: MonitorDefinition[], onAnomaly?: () => void) {
  const { createGate, definePolicy, defineTool, passthroughSchema } = toolgate;
  const policy = definePolicy({ rules: [{ id: "refunds", tools: ["refund.issue"], effect: "allow" }], monitors });
  const tool = defineTool({
    name: "refund.issue",
    input: passthroughSchema<Input>(),
    execute: async (input: Input) => input.amount,
  });
  return createGate({ policy, onAnomaly }).agent({ name: "bench-bot", owner: "bench" }).guard(tool);
}

/** Runs the monitor cases and returns the report section's lines. */
export async function monitorsReport(toolgate: ToolgateModule, rounds: number): Promise<string[]> {
  const input: Input = { orderId: "o-1", amount: 20 };
  const without = guardedWith(toolgate, []);
  const typical = guardedWith(toolgate, TYPICAL_MONITORS);
  let heard = 0;
  const firing = guardedWith(toolgate, [{ id: "always", kind: "rate", max: 1, window: "1h", action: "alert" }], () => {
    heard++;
  });
  // Past the learning periods, every sequence and tool known: the steady state of a long-running agent.
  for (const guarded of [without, typical, firing]) for (let i = 0; i < 10; i++) await guarded.call(input);
  await new Promise((resolve) => setTimeout(resolve, 5));
  for (let i = 0; i < 10; i++) await typical.call(input);
  const timings = await timeInterleaved(
    {
      without: () => without.call(input),
      typical: () => typical.call(input),
      firing: () => firing.call(input),
    },
    rounds,
    { heap: true },
  );
  if (heard === 0) throw new Error("bench setup: the firing monitor never fired");
  const base = timings.without;
  const row = (label: string, key: keyof typeof timings) => timingRow(label, timings[key], base);
  return [
    "MONITORS (tracing off, no ledger sink, memory store; one guarded call)",
    table(
      ["", "p50", "avg", "p99", "alloc/call", "× without", "over without"],
      [
        row("no monitors", "without"),
        row(
          `${TYPICAL_MONITORS.length} typical monitors (rate, denials, fan-out, first-use, sequence), none firing`,
          "typical",
        ),
        row("one alert monitor firing on every call (anomaly recorded, hook told)", "firing"),
      ],
    ),
    "",
    ...(await presetMonitorsReport(toolgate, rounds)),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { toolgate, source } = await loadToolgate();
  console.log(`toolgate code: ${source}`);
  console.log((await monitorsReport(toolgate, 3)).join("\n"));
}
