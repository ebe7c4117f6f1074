import type { CallState } from "../pipeline/types.js";
import type { Settlement, Store } from "../store/types.js";

/**
 * Tells the store how a call ended (flow marks kept or dropped, counters, last activity), and the monitors (what
 * a call that ran taught them, a refusal to count; they contain their own failures). Never awaited by the
 * call; a store that fails here is not the call's failure, and never an unhandled rejection (a remote store's
 * provisional marks stay visible until their TTL, which errs on the side of restriction).
 */
export function settle(
  store: Store,
  call: CallState,
  outcome: Settlement["outcome"],
  monitors?: (call: CallState, outcome: Settlement["outcome"]) => void,
): void {
  monitors?.(call, outcome);
  try {
    const settled = store.settle({
      ticket: call.ticket,
      root: call.agent.rootKey,
      agentId: call.agent.id,
      started: call.executed,
      outcome,
      flows: call.executed ? call.marked : undefined,
    });
    if (settled instanceof Promise) settled.catch(() => {});
  } catch {
    // As above: the call has ended either way.
  }
}
