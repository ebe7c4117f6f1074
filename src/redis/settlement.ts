import type { Settlement } from "../store/types.js";
import { TOMBSTONE_MS } from "./admission.js";
import type { Connection } from "./connection.js";
import { type KeyLayout, part, rootKeys } from "./keys.js";
import { SETTLE } from "./scripts/settle.js";

const FIELD: Record<Settlement["outcome"], string> = { allowed: "allowed", denied: "denials", failed: "failures" };

/**
 * Settles calls in the background: one script per call, sent without waiting (commands on a connection are
 * written back to back), never awaited by the call; a failure is reported and leaves the provisional marks
 * to expire with their window (they keep restricting until then).
 */
export function redisSettlement(connection: Connection, keys: KeyLayout, maxConversations: number) {
  return (settlement: Settlement): void => {
    const base = keys.root(settlement.root);
    const args = [base, part(settlement.ticket), settlement.started ? "1" : "0", FIELD[settlement.outcome]];
    args.push(connection.now(), connection.wall(), String(maxConversations), String(TOMBSTONE_MS));
    const ticketKey = base + rootKeys.ticket(settlement.ticket);
    connection
      .eval(SETTLE, [ticketKey, base + rootKeys.counters(settlement.agentId)], args)
      .catch((error: unknown) => connection.report(error, `the settlement of call ${settlement.ticket}`));
  };
}
