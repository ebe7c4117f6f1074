import { ToolgateError } from "../errors.js";
import type { CallState, Step } from "../pipeline/types.js";
import type { Settlement } from "../store/types.js";
import type { MonitorBaseline } from "./baseline.js";
import type { MonitoringParts } from "./parts.js";
import { settleMonitors } from "./settle.js";
import { monitorStage } from "./stage.js";
import { watchersOf } from "./watchers.js";

const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message: `createGate: ${message}` });

/**
 * Checks what a gate's monitors need from its options: a baseline where they compare against one, a monitor store.
 *
 * @example
 * ```ts
 * declare const parts: Parameters<typeof checkMonitoring>[0];
 * const baseline = checkMonitoring(parts, undefined, undefined); // throws when a monitor needs what is missing
 * ```
 */
export function checkMonitoring(
  parts: Pick<MonitoringParts, "monitors" | "store">,
  baseline: unknown,
  onAnomaly: unknown,
): MonitorBaseline | undefined {
  if (onAnomaly !== undefined && typeof onAnomaly !== "function")
    throw invalid("`onAnomaly` must be a function (anomaly) => void.");
  const knows = baseline as Partial<MonitorBaseline> | undefined;
  if (baseline !== undefined && (typeof knows?.knowsTool !== "function" || typeof knows.knowsSequence !== "function")) {
    throw invalid("`baseline` must come from loadBaseline() or baselineOf().");
  }
  const comparing = parts.monitors.find((monitor) => monitor.baseline);
  if (comparing && baseline === undefined) {
    throw new ToolgateError({
      code: "INVALID_POLICY",
      message: `Monitor "${comparing.id}" compares against the gate's baseline, and this gate has none: pass createGate({ baseline: await loadBaseline("audit.jsonl", { publicKey }) }).`,
    });
  }
  if (parts.monitors.length > 0 && typeof parts.store.monitors?.observe !== "function") {
    throw invalid(
      "the policy has monitors and the store keeps no monitor state (`store.monitors`); use memoryStore() or redisStore().",
    );
  }
  return knows as MonitorBaseline | undefined;
}

/**
 * The gate's monitoring: a stage to run after `authorize`, and what to tell it when a call ends. Undefined when
 * the policy has no monitors (nothing runs, nothing is kept).
 *
 * @example
 * ```ts
 * declare const parts: Parameters<typeof monitoring>[0];
 * const monitored = monitoring(parts);
 * const stages = monitored ? [monitored.stage] : []; // after authorize
 * ```
 */
export function monitoring(
  parts: MonitoringParts,
): { stage: Step; settle: (call: CallState, outcome: Settlement["outcome"]) => void } | undefined {
  if (parts.monitors.length === 0) return undefined;
  const running = { ...parts, watchers: watchersOf(parts.monitors, parts.baseline), lessons: new Map() };
  return { stage: monitorStage(running), settle: (call, outcome) => settleMonitors(running, call, outcome) };
}
