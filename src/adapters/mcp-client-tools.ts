// What both MCP clients (SDK 1.x and 2.x) know of the server's tools: its listing, and one guarded tool per
// listed name. No run-time import of either SDK.
import type { Agent } from "../identity/agent.js";
import type { GuardedTool } from "../tool/guarded.js";
import { RISKS, type Risk } from "../tool/risk.js";
import { guardFrameworkTool } from "./core/tool-spec.js";
import { unknownTool } from "./core/unknown-tool.js";
import { riskFromAnnotations } from "./mcp-shared.js";

/** An MCP tool as a listing describes it (the fields toolgate reads). */
export type ListedTool = { name: string; description?: string; annotations?: object };

// Far above any real server's tool list; a server listing more cannot grow the gate past it.
const MAX_LISTED = 1_000;

/**
 * The server's tools as one agent may call them. Each listed tool is guarded when it is listed — so
 * `gate.check` judges a tool the model was shown as its call will be (risk from its annotations) — and made
 * again only when newer annotations make it stricter. A name the listing lacks (after one refresh) is refused
 * as `unknown-tool` and never guarded: a model's made-up names add nothing to the gate or the inventory.
 */
export function clientTools(
  agent: Agent,
  options: { risk?: Record<string, Risk>; tags?: Record<string, readonly string[]> },
  listAll: () => Promise<readonly ListedTool[]>,
) {
  const listed = new Map<string, ListedTool>();
  const guarded = new Map<string, GuardedTool>();
  const guard = (tool: ListedTool): GuardedTool => {
    const { name } = tool;
    const risk = options.risk?.[name] ?? riskFromAnnotations(tool.annotations);
    const known = guarded.get(name);
    if (known && RISKS.indexOf(known.risk) >= RISKS.indexOf(risk)) return known;
    const tags = options.tags?.[name];
    const made = guardFrameworkTool(agent, { name, description: tool.description, risk, tags, type: "extension" });
    guarded.set(name, made);
    return made;
  };
  const remember = (tools: readonly ListedTool[]): void => {
    for (const tool of tools) {
      if (typeof tool?.name !== "string" || (!listed.has(tool.name) && listed.size >= MAX_LISTED)) continue;
      listed.set(tool.name, tool);
      try {
        guard(tool);
      } catch {
        // A name the gate refuses (invisible characters, say): its call is refused with the reason then.
      }
    }
  };
  return {
    remember,
    /** The guarded tool for `name`, refreshing the listing once if it lacks the name; throws `unknown-tool`. */
    async guardedFor(name: string): Promise<GuardedTool> {
      if (!listed.has(name)) remember(await listAll());
      const tool = listed.get(name);
      if (!tool) throw unknownTool(name, agent.id, "the MCP server lists");
      return guard(tool);
    },
  };
}
