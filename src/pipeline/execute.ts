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
    return call.tool.execute(call.input, context) as Promise<unknown>;
  };
}
