import type { Agent as AgentsAgent, RunContext, Tool } from "@openai/agents";
import type { Agent } from "../identity/agent.js";
import { type GuardOptions, guardTool } from "./openai-agents.js";
import { ungatable } from "./openai-agents-bindings.js";

// biome-ignore lint/suspicious/noExplicitAny: an agent of any context and output type
type AnyAgentsAgent = AgentsAgent<any, any>;
// biome-ignore lint/suspicious/noExplicitAny: a run context of any context type
type AnyRunContext = RunContext<any>;
// biome-ignore lint/suspicious/noExplicitAny: a tool of any context type
type AnyTool = Tool<any>;

/**
 * Gates every tool an Agents SDK agent resolves when it runs — its own function tools and the tools of its
 * `mcpServers` — with {@link guardTool}, in place, and refuses (fails the run with an `INVALID_ARGUMENT`
 * naming it) a tool toolgate cannot gate. Clones of the agent are gated too. Returns the same agent.
 *
 * @example
 * ```ts
 * const bot = guardAgent(agent, new Agent({ name: "files-bot", model, mcpServers: [filesServer] }));
 * await run(bot, "Tidy up /srv");
 * ```
 */
export function guardAgent<A extends AnyAgentsAgent>(agent: Agent, sdkAgent: A, options: GuardOptions = {}): A {
  const host = sdkAgent as unknown as {
    getAllTools: (runContext: AnyRunContext, ...rest: unknown[]) => Promise<AnyTool[]>;
    clone: (config: unknown) => A;
  };
  const resolve = host.getAllTools.bind(sdkAgent);
  const clone = host.clone.bind(sdkAgent);
  const guarded = new WeakMap<object, AnyTool>();
  host.getAllTools = async (runContext, ...rest) =>
    (await resolve(runContext, ...rest)).map((tool) => {
      if (tool.type !== "function") throw ungatable(tool);
      const known = guarded.get(tool) ?? guardTool(agent, tool, options);
      guarded.set(tool, known);
      return known;
    });
  host.clone = (config) => guardAgent(agent, clone(config), options);
  return sdkAgent;
}
