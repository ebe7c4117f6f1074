import { ToolgateError } from "../errors.js";
import type { Gate } from "../gate/types.js";
import type { Agent } from "../identity/agent.js";
import { getOrCreate } from "../internal/get-or-create.js";
import type { GuardedTool } from "../tool/guarded.js";
import { RISKS } from "../tool/risk.js";
import { guardFrameworkTool } from "./core/tool-spec.js";
import { riskFromAnnotations } from "./mcp-shared.js";

/**
 * Who a request comes from, as `identify` vouches: the agent, and optionally the conversation.
 *
 * @example
 * ```ts
 * const identified: Identified = { agent, conversationId: session.threadId };
 * ```
 */
export type Identified = Agent | { agent: Agent; conversationId?: string };

function unidentified(tool: string, why: string): ToolgateError {
  const decision = { effect: "deny" as const, rule: "unidentified-agent", reason: why };
  return new ToolgateError({ code: "TOOL_DENIED", message: `MCP call of "${tool}" refused: ${why}.`, decision, tool });
}

/**
 * The agent a server-side request runs as: what `identify` returned, if it is a live agent of `gate`. A throw,
 * `undefined`, or an agent of another gate is refused (`unidentified-agent`) — fail closed. The conversation is
 * only ever the one `identify` vouches for, never a remote client's session.
 */
export async function identifyCaller<Context>(
  gate: Gate,
  identify: (context: Context) => Identified | undefined | Promise<Identified | undefined>,
  tool: string,
  context: Context,
): Promise<{ agent: Agent; conversationId?: string }> {
  let identified: Identified | undefined;
  try {
    identified = await identify(context);
  } catch (error) {
    throw unidentified(tool, `identify() failed (${error instanceof Error ? error.message : String(error)})`);
  }
  const found = identified && "agent" in identified ? identified : identified && { agent: identified };
  if (!found?.agent) throw unidentified(tool, "the caller could not be identified as an agent");
  if (!gate.owns(found.agent)) throw unidentified(tool, "the identified agent was not made by this gate");
  return found;
}

/** One guarded tool per agent and name, made again only when the tool's annotations make it stricter. */
export function serverTools() {
  const byAgent = new WeakMap<Agent, Map<string, GuardedTool>>();
  return (agent: Agent, name: string, tool: { description?: unknown; annotations?: object }): GuardedTool => {
    const byName = getOrCreate(byAgent, agent, () => new Map<string, GuardedTool>());
    const risk = riskFromAnnotations(tool.annotations);
    const known = byName.get(name);
    if (known && RISKS.indexOf(known.risk) >= RISKS.indexOf(risk)) return known;
    const guarded = guardFrameworkTool(agent, { name, description: tool.description, risk });
    byName.set(name, guarded);
    return guarded;
  };
}
