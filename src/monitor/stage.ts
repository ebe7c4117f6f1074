import { isToolgateError } from "../errors.js";
import { refuse } from "../pipeline/refuse.js";
import type { CallState, Step } from "../pipeline/types.js";
import { loose } from "../policy/loose.js";
import type { MonitorReading } from "../store/monitors.js";
import { act, type Cooling } from "./act.js";
import type { CompiledMonitor } from "./compile.js";
import { drawsOf } from "./draws.js";
import { type Hit, hitOf } from "./hits.js";
import type { Monitoring } from "./parts.js";
import type { Watchers } from "./watchers.js";

function unavailable(call: CallState, error: unknown): Error {
  const why = isToolgateError(error) ? error.message : ((error as Error)?.message ?? String(error));
  const decision = {
    effect: "deny" as const,
    rule: "store-unavailable",
    reason: `the store could not answer the monitors: ${why}`,
  };
  return refuse(call, "STORE_UNAVAILABLE", decision, "Nothing was executed; retry once the store is reachable.", {
    cause: error,
  });
}

/** What the call will teach the store if its tool starts: new items, and its place in each sequence. */
function remember(monitoring: Monitoring, call: CallState, drawn: readonly CompiledMonitor[], reading: MonitorReading) {
  const learn: { id: string; items: readonly string[] }[] = [];
  const sequences: { id: string; length: number; tool: string; sequence: readonly string[] }[] = [];
  drawn.forEach((monitor, index) => {
    const items = reading.results[index]?.items ?? [];
    if (monitor.kind === "first-use" && items.length > 0) learn.push({ id: monitor.id, items });
    if (monitor.kind === "sequence") {
      sequences.push({ id: monitor.id, length: monitor.length, tool: call.tool.name, sequence: items });
    }
  });
  if (learn.length > 0 || sequences.length > 0) monitoring.lessons.set(call, { learn, sequences });
}

function judged(
  monitoring: Monitoring,
  call: CallState,
  watchers: Watchers,
  drawn: readonly CompiledMonitor[],
  reading: MonitorReading,
  next: () => Promise<unknown>,
): unknown {
  const root = call.agent.rootName;
  const hits: Hit[] = [];
  drawn.forEach((monitor, index) => {
    const result = reading.results[index];
    const hit = result && hitOf(monitor, result, root, monitoring.baseline);
    if (hit) hits.push(hit);
  });
  if (!call.dryRun) remember(monitoring, call, drawn, reading);
  const cooling: Cooling[] = [];
  watchers.asking.forEach((monitor, index) => {
    const leftMs = reading.coolDowns[index] ?? 0;
    if (leftMs > 0 && !hits.some((hit) => hit.monitor === monitor)) cooling.push({ monitor, leftMs });
  });
  return hits.length === 0 && cooling.length === 0 ? next() : act(monitoring, call, hits, cooling, next);
}

/**
 * The monitors, after the policy has decided and before limits, approvals and the tool: one store step counts
 * the call and reads what it needs (none awaited for the in-memory store), then every hit is recorded and acted
 * on. A store that cannot answer refuses the call (`STORE_UNAVAILABLE`). In a dry run nothing is counted or
 * recorded; the decision says what a hit would do.
 */
export function monitorStage(monitoring: Monitoring): Step {
  return (call, next) => {
    const watchers = monitoring.watchers(call.agent, call.tool);
    if (watchers.none) return next();
    const { monitors: drawn, draws } = drawsOf(watchers.observing, call, monitoring.baseline);
    if (draws.length === 0 && watchers.asking.length === 0) return next();
    const observation = {
      ...{ ticket: call.ticket, root: loose(call.agent.rootName), dryRun: call.dryRun, draws },
      coolDowns: watchers.asking.map((monitor) => monitor.id),
    };
    let reading: ReturnType<typeof monitoring.store.monitors.observe>;
    try {
      reading = monitoring.store.monitors.observe(observation);
    } catch (error) {
      throw unavailable(call, error);
    }
    if (!(reading instanceof Promise)) return judged(monitoring, call, watchers, drawn, reading, next);
    return reading.then(
      (settled) => judged(monitoring, call, watchers, drawn, settled, next),
      (error: unknown) => {
        throw unavailable(call, error);
      },
    );
  };
}
