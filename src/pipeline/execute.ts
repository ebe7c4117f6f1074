import { markThrownByTool } from "../errors.js";
import { aborted } from "./refuse.js";
import type { Stage } from "./types.js";

/**
 * Runs the tool with its validated input and `{ agent, callId, conversationId, signal, spanContext }`.
 * Always last.
 *
 * @example
 * ```ts
 * const stage = execute();
 * ```
 */
export function execute(): Stage {
  return (call) => {
    if (call.signal.aborted) throw aborted(call);
    call.executed = true;
    const context = {
      agent: call.agent.identity,
      callId: call.callId,
      conversationId: call.conversationId,
      signal: call.signal,
      spanContext: call.span.spanContext(),
    };
    let result: unknown;
    try {
      result = call.tool.execute(call.input, context);
    } catch (error) {
      throw markThrownByTool(error);
    }
    return (result instanceof Promise ? result.catch(rethrowMarked) : result) as Promise<unknown>;
  };
}

// What the tool's own body throws is its failure, whatever it is (see isRefusal); errors toolgate raises
// after the tool ran (a stage's PIPELINE_ERROR) are not.
function rethrowMarked(error: unknown): never {
  throw markThrownByTool(error);
}
