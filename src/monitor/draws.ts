import type { Agent } from "../identity/agent.js";
import type { MonitorDraw } from "../store/monitors.js";
import type { Tool } from "../tool/tool.js";
import type { MonitorBaseline } from "./baseline.js";
import type { CompiledMonitor } from "./compile.js";
import { fanOutValues } from "./values.js";

/** The draws of a call's observing monitors, each beside the monitor it belongs to. */
export interface Drawn {
  readonly monitors: readonly CompiledMonitor[];
  readonly draws: readonly MonitorDraw[];
}

/** What one monitor asks the store for one call, or undefined when the call cannot make it fire. */
function drawOf(
  monitor: CompiledMonitor,
  agent: Agent,
  tool: Tool,
  input: unknown,
  baseline: MonitorBaseline | undefined,
): MonitorDraw | undefined {
  const { id } = monitor;
  switch (monitor.kind) {
    case "rate":
      return { kind: "count", id, max: monitor.max, windowMs: monitor.windowMs };
    case "fan-out": {
      const values = monitor.field ? fanOutValues(monitor, input) : [`tool:${tool.name}`];
      if (values.length === 0) return undefined;
      return { kind: "distinct", id, max: monitor.max, windowMs: monitor.windowMs, values };
    }
    case "first-use": {
      const all = monitor.of === "tags" ? [...new Set(tool.tags)] : [tool.name];
      const items =
        monitor.baseline && baseline ? all.filter((name) => !baseline.knowsTool(agent.rootName, name)) : all;
      // With nothing to ask, the draw still starts the learning period.
      if (items.length === 0 && monitor.learnMs === 0) return undefined;
      return { kind: "novel", id, learnMs: monitor.learnMs, items };
    }
    case "sequence":
      return { kind: "sequence", id, learnMs: monitor.learnMs, length: monitor.length, tool: tool.name };
    case "denials":
      return undefined;
  }
}

/** The draws of these monitors for one call of this agent and tool (`input` matters to fan-out over a field only). */
export function drawsOf(
  monitors: readonly CompiledMonitor[],
  agent: Agent,
  tool: Tool,
  input: unknown,
  baseline: MonitorBaseline | undefined,
): Drawn {
  const drawn: CompiledMonitor[] = [];
  const draws: MonitorDraw[] = [];
  for (const monitor of monitors) {
    const draw = drawOf(monitor, agent, tool, input, baseline);
    if (!draw) continue;
    drawn.push(monitor);
    draws.push(draw);
  }
  return { monitors: drawn, draws };
}
