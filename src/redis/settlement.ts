import type { Settlement } from "../store/types.js";
import { TOMBSTONE_MS } from "./admission.js";
import type { Connection } from "./connection.js";
import { type KeyLayout, part, rootKeys } from "./keys.js";
import { SETTLE } from "./scripts/settle.js";

const FIELD: Record<Settlement["outcome"], string> = { allowed: "allowed", denied: "denials", failed: "failures" };

/**
 * Settles calls in the background: one script per call, on a connection of its own, never awaited by the
 * call; a failure is reported and leaves the provisional marks to expire with their window (they keep
 * restricting until then).
 */
export function redisSettlement(connection: Connection, keys: KeyLayout, maxConversations: number) {
  // Resolves once applied (or failed and reported), never rejects: the gate does not wait, a test may.
  return (settlement: Settlement): Promise<void> => {
    const base = keys.root(settlement.root);
    const args = [base, part(settlement.ticket), settlement.started ? "1" : "0", FIELD[settlement.outcome]];
    args.push(connection.now(), connection.wall(), String(maxConversations), String(TOMBSTONE_MS));
    const ticketKey = base + rootKeys.ticket(settlement.ticket);
    return connection.eval(SETTLE, [ticketKey, base + rootKeys.counters(settlement.agentId)], args).then(
      () => undefined,
      (error: unknown) => connection.report(error, `the settlement of call ${settlement.ticket}`),
    );
  };
}
