import { formatDuration } from "../policy/duration.js";
import type { MonitorResult } from "../store/monitors.js";
import type { MonitorBaseline } from "./baseline.js";
import type { CompiledMonitor } from "./compile.js";

/** One monitor firing on one call: what it saw against what it allows, and a sentence saying so. */
export interface Hit {
  readonly monitor: CompiledMonitor;
  readonly observed: number;
  readonly threshold: number;
  /** Names tools, tags and fields only, never an input value. */
  readonly detail: string;
}

const quotedList = (items: readonly string[]) => items.map((item) => `"${item}"`).join(", ");

function counted(monitor: CompiledMonitor, observed: number): Hit | undefined {
  if (observed <= monitor.max) return undefined;
  const what =
    monitor.kind === "rate"
      ? "watched calls"
      : monitor.kind === "denials"
        ? "refused calls"
        : monitor.field
          ? `distinct values of "${monitor.field.path}"`
          : "distinct tools";
  const detail = `more than ${monitor.max} ${what} in ${formatDuration(monitor.windowMs)}`;
  return { monitor, observed, threshold: monitor.max, detail };
}

/**
 * Whether a monitor fires on what the store answered. Counting kinds fire above `max`; `first-use` and
 * `sequence` fire on anything new once the learning period is over — a sequence the baseline holds is not new.
 */
export function hitOf(
  monitor: CompiledMonitor,
  result: MonitorResult,
  root: string,
  baseline: MonitorBaseline | undefined,
): Hit | undefined {
  switch (monitor.kind) {
    case "rate":
    case "fan-out":
    case "denials":
      return counted(monitor, result.observed);
    case "first-use": {
      if (result.learning || result.items.length === 0) return undefined;
      const what = monitor.of === "tags" ? (result.items.length > 1 ? "tags" : "tag") : "tool";
      return {
        monitor,
        observed: result.items.length,
        threshold: 0,
        detail: `first use of ${what} ${quotedList(result.items)}`,
      };
    }
    case "sequence": {
      if (result.learning || result.observed === 0) return undefined;
      if (monitor.baseline && baseline?.knowsSequence(root, result.items)) return undefined;
      const detail = `the sequence ${result.items.map((tool) => `"${tool}"`).join(" → ")} never ran before`;
      return { monitor, observed: 1, threshold: 0, detail };
    }
  }
}
