import type { Agent } from "../../identity/agent.js";
import { defineTool } from "../../tool/define.js";
import type { GuardedTool } from "../../tool/guarded.js";
import { passthroughSchema } from "../../tool/passthrough.js";
import type { Risk } from "../../tool/risk.js";
import { runsThroughInvoke } from "./invoke-only.js";

/** What an adapter knows of a framework tool: enough to decide on it. */
export interface FrameworkTool {
  name: string;
  description?: unknown;
  risk?: Risk | undefined;
  tags?: readonly string[] | undefined;
  type?: "function" | "extension" | "datastore";
}

/**
 * Guards a framework tool once, as `agent`: its calls then run the framework's own execution through
 * `invoke`. The input is taken as the framework hands it to its tool: the framework has validated it against
 * its own schema already, and validating the result again would apply transforms twice.
 */
export function guardFrameworkTool(agent: Agent, tool: FrameworkTool): GuardedTool {
  return agent.guard(
    defineTool({
      name: tool.name,
      description: typeof tool.description === "string" ? tool.description : undefined,
      input: passthroughSchema(),
      risk: tool.risk ?? "medium",
      tags: tool.tags ?? [],
      type: tool.type ?? "function",
      execute: runsThroughInvoke,
    }),
  );
}

/**
 * Per-tool risk and tags, as most adapters take them: one default, and overrides by tool name.
 *
 * @example
 * ```ts
 * const options: RiskOptions = { risk: "low", tools: { deploy: { risk: "high", tags: ["write"] } } };
 * ```
 */
export interface RiskOptions {
  /** Risk of every tool without its own (default `medium`). */
  risk?: Risk;
  tags?: readonly string[];
  /** Per tool name. */
  tools?: Record<string, { risk?: Risk; tags?: readonly string[] } | undefined>;
}

/** The risk and tags `options` give the tool `name`. */
export function riskOf(options: RiskOptions, name: string): { risk: Risk; tags: readonly string[] } {
  const own = Object.hasOwn(options.tools ?? {}, name) ? options.tools?.[name] : undefined;
  return { risk: own?.risk ?? options.risk ?? "medium", tags: own?.tags ?? options.tags ?? [] };
}
