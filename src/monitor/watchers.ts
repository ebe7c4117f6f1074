import type { Agent } from "../identity/agent.js";
import { getOrCreate } from "../internal/get-or-create.js";
import { matchesAny } from "../policy/glob.js";
import type { Tool } from "../tool/tool.js";
import type { MonitorBaseline } from "./baseline.js";
import type { CompiledMonitor } from "./compile.js";
import { type Drawn, drawsOf } from "./draws.js";

/** The monitors that watch one agent's calls of one tool, and what they ask the store, found once per pair. */
export interface Watchers {
  /** Observed before the call runs: every kind but `denials`. */
  readonly observing: readonly CompiledMonitor[];
  /** Counted when the call is refused: `denials`. */
  readonly refusing: readonly CompiledMonitor[];
  /** `require_approval` monitors among both: a cool-down of theirs makes this call wait for approval. */
  readonly asking: readonly CompiledMonitor[];
  readonly coolDowns: readonly string[];
  /** The draws of every call of the pair, when none depends on the input (fan-out over a field does). */
  readonly drawn: Drawn | undefined;
  /** The loose reading of the root agent's name: the store's key. */
  readonly root: string;
  readonly none: boolean;
}

// Restricting, as a deny rule's selectors are: any member of the chain, either reading of a name or tag.
function watches(monitor: CompiledMonitor, agent: Agent, tool: Tool): boolean {
  if (monitor.agents && !agent.members.some((member) => matchesAny(monitor.agents ?? [], member.name))) return false;
  if (!monitor.tools && !monitor.tags) return true;
  return (
    (monitor.tools !== undefined && matchesAny(monitor.tools, tool.name)) ||
    (monitor.tags !== undefined && tool.tags.some((tag) => monitor.tags?.has(tag)))
  );
}

/**
 * Finds the watchers of an agent and tool once, and keeps them as long as both objects live.
 *
 * @example
 * ```ts
 * declare const monitors: Parameters<typeof watchersOf>[0];
 * const watchers = watchersOf(monitors, undefined);
 * const { observing, refusing } = watchers(agent, defineTool({ name: "crm.read", input: passthroughSchema(), execute: () => 1 }));
 * ```
 */
export function watchersOf(
  monitors: readonly CompiledMonitor[],
  baseline: MonitorBaseline | undefined,
): (agent: Agent, tool: Tool) => Watchers {
  const cache = new WeakMap<Tool, WeakMap<Agent, Watchers>>();
  return (agent, tool) =>
    getOrCreate(
      getOrCreate(cache, tool, () => new WeakMap()),
      agent,
      (): Watchers => {
        const watching = monitors.filter((monitor) => watches(monitor, agent, tool));
        const observing = watching.filter((monitor) => monitor.kind !== "denials");
        const asking = watching.filter((monitor) => monitor.action === "require_approval");
        const byInput = observing.some((monitor) => monitor.field !== undefined);
        return {
          ...{ observing, refusing: watching.filter((monitor) => monitor.kind === "denials"), asking },
          coolDowns: asking.map((monitor) => monitor.id),
          drawn: byInput ? undefined : drawsOf(observing, agent, tool, undefined, baseline),
          root: agent.rootKey,
          none: watching.length === 0,
        };
      },
    );
}
