import { ToolgateError } from "../../errors.js";

/**
 * The refusal of a tool name the agent was never given — a name the model made up, or one the MCP server does
 * not list. Refused before the gate, never guarded: guarding it would add the name to the gate's tools and the
 * agent's inventory, so a model could grow them without bound. Nothing could run under it anyway.
 */
export function unknownTool(name: unknown, agentId: string, given: string): ToolgateError {
  const shown = JSON.stringify(String(name).slice(0, 64));
  const reason = `the tool is not one ${given}`;
  return new ToolgateError({
    code: "TOOL_DENIED",
    message: `Tool ${shown} refused: ${reason}; only those can be called.`,
    decision: { effect: "deny", rule: "unknown-tool", reason },
    agentId,
  });
}
