import type { Attest, AttestOptions } from "./attest.js";
import { aborted } from "./refuse.js";
import { callAborted, callSignal } from "./signal.js";
import type { Step } from "./types.js";

/**
 * Runs the tool — its own `execute`, or the executor an adapter passed to `invoke` — with the decided value
 * and `{ agent, callId, conversationId, signal, spanContext, attest }`. Always last. In a dry run nothing runs.
 *
 * @example
 * ```ts
 * const stage = execute({ attest });
 * ```
 */
export function execute(options: { attest: Attest }): Step {
  const { attest } = options;
  return (call) => {
    if (call.dryRun) return undefined;
    if (callAborted(call)) throw aborted(call);
    call.executed = true;
    const context = {
      agent: call.agent.identity,
      callId: call.callId,
      conversationId: call.conversationId,
      // Combined with the caller's here, once the tool runs (a getter would cost as much as the combining).
      signal: callSignal(call),
      spanContext: call.span.spanContext(),
      attest: (attestOptions?: AttestOptions) => attest(call, attestOptions),
    };
    return call.execute(call.input, context);
  };
}
