import { isToolgateError, ToolgateError, thrownByTool } from "../errors.js";
import type { CallOptions, GuardedTool } from "./guarded.js";
import type { StandardSchemaV1 } from "./standard-schema.js";
import type { Tool, ToolContext } from "./tool.js";

/** Runs one call of a tool through the gate. */
export type RunCall = (tool: Tool, input: unknown, options: CallOptions | undefined) => Promise<unknown>;

/** Builds the guarded view of a tool: its own properties, plus `call` and `safeCall` that go through `run`. */
export function createGuardedTool<Schema extends StandardSchemaV1, Output>(
  tool: Tool<Schema, Output>,
  agentId: string,
  run: RunCall,
): GuardedTool<Schema, Output> {
  const call = (input: unknown, options?: CallOptions) => run(tool, input, options) as Promise<Output>;
  const safeCall = async (input: unknown, options?: CallOptions) => {
    try {
      return { ok: true as const, value: await call(input, options) };
    } catch (error) {
      // A ToolgateError the tool's own body threw (a nested call it made was refused) is its failure.
      if (isToolgateError(error) && !thrownByTool(error)) return { ok: false as const, error };
      const message = error instanceof Error ? error.message : String(error);
      const failed = new ToolgateError({
        code: "TOOL_FAILED",
        message: `Tool "${tool.name}" failed: ${message}`,
        agentId,
        tool: tool.name,
        cause: error,
      });
      return { ok: false as const, error: failed };
    }
  };
  // `execute` goes through the gate too: code that calls the tool the plain way must not bypass it.
  const execute = (input: unknown, context?: Partial<ToolContext>) =>
    call(input, { callId: context?.callId, conversationId: context?.conversationId, signal: context?.signal });
  return Object.freeze({ ...tool, agentId, execute, call, safeCall });
}
