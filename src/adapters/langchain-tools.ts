import type { Agent } from "../identity/agent.js";
import type { GuardedTool } from "../tool/guarded.js";
import type { Risk } from "../tool/risk.js";
import { guardFrameworkTool } from "./core/tool-spec.js";

// The developer's tool list is short; the cap only keeps a huge or ever-changing one from growing the gate.
const MAX_TOOLS = 1_000;
// A run resumed in a new process reaches the human-in-the-loop hook before any model call has shown the tools:
// names it asks about are guarded on trust then, but only this many.
const MAX_UNSEEN = 64;

/**
 * The middleware's tools, one guarded tool per name (risk and tags are per name), so the human-in-the-loop hook
 * and the tool node agree. Only real tools are guarded: one LangChain hands the tool node, or one offered to
 * the model (or, up to a small cap, one a resumed run asks about before this process saw a model call). A name the
 * model made up gets `undefined`, and is refused without growing the gate.
 */
export function middlewareTools(
  agent: Agent,
  options: { risk?: Record<string, Risk>; tags?: Record<string, readonly string[]> },
) {
  const byName = new Map<string, GuardedTool>();
  const offered = new Set<string>();
  const guard = (name: string, description: unknown): GuardedTool => {
    let guarded = byName.get(name);
    if (!guarded) {
      const own = { risk: options.risk?.[name], tags: options.tags?.[name] };
      guarded = guardFrameworkTool(agent, { name, description, ...own });
      byName.set(name, guarded);
    }
    return guarded;
  };
  return {
    /** Notes the tools offered to the model (what a model call's request carries). */
    offer(tools: readonly unknown[] | undefined): void {
      for (const tool of tools ?? []) {
        const name = (tool as { name?: unknown } | null)?.name;
        if (typeof name === "string" && offered.size < MAX_TOOLS) offered.add(name);
      }
    },
    /** The guarded tool for `name` (see above), or undefined for a name the agent was not given. */
    guardedFor(name: string, tool?: { description?: unknown }): GuardedTool | undefined {
      if (tool) return guard(name, tool.description);
      const trusted = offered.has(name) || (offered.size === 0 && byName.size < MAX_UNSEEN);
      return byName.get(name) ?? (trusted ? guard(name, undefined) : undefined);
    },
  };
}
