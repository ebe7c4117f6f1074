import { isToolgateError, ToolgateError, thrownByTool } from "../errors.js";
import type { Execute } from "../pipeline/types.js";
import type { CallOptions, GuardedTool } from "./guarded.js";
import type { StandardSchemaV1 } from "./standard-schema.js";
import type { Tool, ToolContext } from "./tool.js";

/** Runs one call of the guarded tool through the gate, with the tool's own execute or a per-call one. */
export type RunCall = (execute: Execute, input: unknown, options: CallOptions | undefined) => Promise<unknown>;

/**
 * Builds the guarded view of a tool: its own properties, plus `call`, `safeCall` and `invoke` that go through `run`,
 * which is bound to this tool and agent.
 */
export function createGuardedTool<Schema extends StandardSchemaV1, Output>(
  tool: Tool<Schema, Output>,
  agentId: string,
  run: RunCall,
): GuardedTool<Schema, Output> {
  const own = tool.execute as Execute;
  const call = (input: unknown, options?: CallOptions) => run(own, input, options) as Promise<Output>;
  const invoke = <R>(
    input: unknown,
    execute: (input: unknown, context: ToolContext) => R | Promise<R>,
    options?: CallOptions,
  ) =>
    typeof execute === "function"
      ? (run(execute as Execute, input, options) as Promise<Awaited<R>>)
      : Promise.reject(
          new ToolgateError({
            code: "INVALID_ARGUMENT",
            message: `${tool.name}.invoke: \`execute\` must be a function.`,
            agentId,
            tool: tool.name,
          }),
        );
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
  return Object.freeze({ ...tool, agentId, execute, call, safeCall, invoke });
}
