import type { CallState } from "../pipeline/types.js";
import type { MonitorDraw } from "../store/monitors.js";
import type { MonitorBaseline } from "./baseline.js";
import type { CompiledMonitor } from "./compile.js";
import { fanOutValues } from "./values.js";

/** What one monitor asks the store for one call, or undefined when the call cannot make it fire. */
function drawOf(
  monitor: CompiledMonitor,
  call: CallState,
  baseline: MonitorBaseline | undefined,
): MonitorDraw | undefined {
  const { id } = monitor;
  switch (monitor.kind) {
    case "rate":
      return { kind: "count", id, max: monitor.max, windowMs: monitor.windowMs };
    case "fan-out": {
      const values = monitor.field ? fanOutValues(monitor, call.input) : [`tool:${call.tool.name}`];
      return values.length === 0
        ? undefined
        : { kind: "distinct", id, max: monitor.max, windowMs: monitor.windowMs, values };
    }
    case "first-use": {
      const all = monitor.of === "tags" ? [...new Set(call.tool.tags)] : [call.tool.name];
      const root = call.agent.rootName;
      const items = monitor.baseline && baseline ? all.filter((tool) => !baseline.knowsTool(root, tool)) : all;
      // With nothing to ask, the draw still starts the learning period.
      return items.length === 0 && monitor.learnMs === 0
        ? undefined
        : { kind: "novel", id, learnMs: monitor.learnMs, items };
    }
    case "sequence":
      return { kind: "sequence", id, learnMs: monitor.learnMs, length: monitor.length, tool: call.tool.name };
    case "denials":
      return undefined;
  }
}

/** The draws of the observing monitors, each beside the monitor it belongs to. */
export function drawsOf(
  monitors: readonly CompiledMonitor[],
  call: CallState,
  baseline: MonitorBaseline | undefined,
): { readonly monitors: CompiledMonitor[]; readonly draws: MonitorDraw[] } {
  const drawn: CompiledMonitor[] = [];
  const draws: MonitorDraw[] = [];
  for (const monitor of monitors) {
    const draw = drawOf(monitor, call, baseline);
    if (!draw) continue;
    drawn.push(monitor);
    draws.push(draw);
  }
  return { monitors: drawn, draws };
}
