// The cost of all presets' monitors together: one honest egress call (`email.send` to one recipient, tagged
// `egress`, so four of the five sane monitors watch it and the trifecta's flow reads its marks) through a gate
// with every preset merged, beside the same gate with every preset but the monitors, and with none.
// Part of the MONITORS section of `npm run bench` (bench/monitors.ts).
import type { PolicyPreset } from "../src/index.js";
import { duration, ratio, table, timingRow } from "./format.js";
import { timeInterleaved } from "./measure.js";
import type { ToolgateModule } from "./toolgate.js";

type Input = { to: string; body: string };

// Each reading of the clock is a second later: the calls stay under the burst monitor's 60 a minute however
// fast the bench runs them, as an honest agent's would, and its window keeps sliding (the steady state).
function secondPerRead() {
  let now = 0;
  return { now: () => (now += 1_000), wall: () => 1_767_225_600_000 + now };
}

function guardedWith(toolgate: ToolgateModule, presets: readonly PolicyPreset[], heard: () => void) {
  const { createGate, definePolicy, defineTool, passthroughSchema, withPresets, TAGS } = toolgate;
  const grant = {
    rules: [{ id: "mail", tools: ["email.*"], effect: "allow" as const }],
    approval: { approvers: ["security"] },
  };
  const policy = definePolicy(withPresets(grant, ...presets));
  const tool = defineTool({
    name: "email.send",
    input: passthroughSchema<Input>(),
    tags: [TAGS.egress],
    execute: async (input: Input) => input.to,
  });
  const security = async () => ({ approved: false, by: "bench" });
  const gate = createGate({ policy, clock: secondPerRead(), approvers: { security }, onAnomaly: heard });
  return gate.agent({ name: "bench-bot", owner: "bench" }).guard(tool);
}

/** Runs the presets cases and returns their table's lines. */
export async function presetMonitorsReport(toolgate: ToolgateModule, rounds: number): Promise<string[]> {
  const { seedChain, trifecta, auditTrail, saneMonitors } = toolgate.presets;
  let anomalies = 0;
  const heard = () => {
    anomalies++;
  };
  const input: Input = { to: "team@example.com", body: "2.4.1 is live" };
  const none = guardedWith(toolgate, [], heard);
  const flowsOnly = guardedWith(toolgate, [seedChain, trifecta, auditTrail], heard);
  const all = guardedWith(toolgate, [seedChain, trifecta, auditTrail, saneMonitors], heard);
  for (const guarded of [none, flowsOnly, all]) for (let i = 0; i < 10; i++) await guarded.call(input);
  const timings = await timeInterleaved(
    { none: () => none.call(input), flowsOnly: () => flowsOnly.call(input), all: () => all.call(input) },
    rounds,
    { heap: true },
  );
  // A monitor that fired would have measured an anomaly (or a suspension), not the honest call.
  if (anomalies > 0) throw new Error(`bench setup: the sane monitors fired ${anomalies} times`);
  const row = (label: string, key: keyof typeof timings, base = timings.none) => timingRow(label, timings[key], base);
  const monitorsAlone = timings.all.p50 - timings.flowsOnly.p50;
  return [
    "PRESETS' MONITORS (an honest email.send, tagged egress; tracing off, memory store, none firing)",
    table(
      ["", "p50", "avg", "p99", "alloc/call", "× no presets", "over no presets"],
      [
        row("no presets (one allow rule)", "none"),
        row("seed chain, trifecta, audit trail (flows, a limit, a deny rule)", "flowsOnly"),
        row("all presets: the above and the 5 sane monitors (4 watch this call)", "all"),
      ],
    ),
    `The sane monitors alone: +${duration(monitorsAlone)} a call over the other presets (p50, ${ratio(timings.all.p50 / timings.flowsOnly.p50)}).`,
  ];
}
