import { isToolgateError } from "../errors.js";
import { refuse } from "../pipeline/refuse.js";
import type { CallState, Step } from "../pipeline/types.js";
import type { MonitorReading } from "../store/monitors.js";
import { act, type Cooling } from "./act.js";
import type { CompiledMonitor } from "./compile.js";
import { type Drawn, drawsOf } from "./draws.js";
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
function remember(monitoring: Monitoring, call: CallState, drawn: Drawn, reading: MonitorReading) {
  let learn: { id: string; items: readonly string[] }[] | undefined;
  let sequences: { id: string; length: number; tool: string; sequence: readonly string[] }[] | undefined;
  for (let index = 0; index < drawn.monitors.length; index++) {
    const monitor = drawn.monitors[index] as CompiledMonitor;
    const items = reading.results[index]?.items ?? [];
    if (monitor.kind === "first-use" && items.length > 0) {
      learn ??= [];
      learn.push({ id: monitor.id, items });
    }
    if (monitor.kind === "sequence") {
      sequences ??= [];
      sequences.push({ id: monitor.id, length: monitor.length, tool: call.tool.name, sequence: items });
    }
  }
  if (learn || sequences) monitoring.lessons.set(call, { learn: learn ?? [], sequences: sequences ?? [] });
}

function judged(
  monitoring: Monitoring,
  call: CallState,
  watchers: Watchers,
  drawn: Drawn,
  reading: MonitorReading,
  next: () => Promise<unknown>,
): unknown {
  let hits: Hit[] | undefined;
  for (let index = 0; index < drawn.monitors.length; index++) {
    const result = reading.results[index];
    const hit =
      result && hitOf(drawn.monitors[index] as CompiledMonitor, result, call.agent.rootName, monitoring.baseline);
    if (!hit) continue;
    hits ??= [];
    hits.push(hit);
  }
  if (!call.dryRun) remember(monitoring, call, drawn, reading);
  let cooling: Cooling[] | undefined;
  for (let index = 0; index < watchers.asking.length; index++) {
    const monitor = watchers.asking[index] as CompiledMonitor;
    const leftMs = reading.coolDowns[index] ?? 0;
    if (leftMs <= 0 || hits?.some((hit) => hit.monitor === monitor)) continue;
    cooling ??= [];
    cooling.push({ monitor, leftMs });
  }
  return hits || cooling ? act(monitoring, call, hits ?? [], cooling ?? [], next) : next();
}

/**
 * The monitors, after the policy has decided and before limits, approvals and the tool: one store step counts
 * the call and reads what it needs (none awaited for the in-memory store), then every hit is recorded and acted
 * on. A store that cannot answer refuses the call (`STORE_UNAVAILABLE`). In a dry run nothing is counted or
 * recorded; the decision says what a hit would do.
 *
 * @example
 * ```ts
 * declare const running: Parameters<typeof monitorStage>[0];
 * const stage = monitorStage(running);
 * ```
 */
export function monitorStage(monitoring: Monitoring): Step {
  return (call, next) => {
    const watchers = monitoring.watchers(call.agent, call.tool);
    if (watchers.none) return next();
    const drawn = watchers.drawn ?? drawsOf(watchers.observing, call.agent, call.tool, call.input, monitoring.baseline);
    if (drawn.draws.length === 0 && watchers.asking.length === 0) return next();
    const { ticket, dryRun } = call;
    const observation = { ticket, root: watchers.root, dryRun, draws: drawn.draws, coolDowns: watchers.coolDowns };
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
