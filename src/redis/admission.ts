import { deepFreeze } from "../internal/deep-freeze.js";
import type { Denial } from "../store/approvals.js";
import type { Admission, AdmitRequest, FlowMark, StoredGrant } from "../store/types.js";
import { admissionArgs, scripted, writes } from "./admission-args.js";
import type { Connection } from "./connection.js";
import { type KeyLayout, part, rootKeys } from "./keys.js";
import { ADMIT } from "./scripts/admit.js";
import { VOID } from "./scripts/settle.js";
import type { RedisSuspensions } from "./suspensions.js";
import { within } from "./unavailable.js";

/** How long a settled or voided ticket stays, so that a late copy of its admission admits nothing. */
export const TOMBSTONE_MS = 60_000;

type Reply = ["admitted", (string | number)[], string[], string | null] | ["limited", string, number] | ["void"];

function decode(reply: Reply, ticket: string): Admission {
  if (reply[0] === "limited") return { status: "limited", limit: reply[1], retryAfterMs: Number(reply[2]) };
  if (reply[0] !== "admitted")
    throw new Error(`ticket ${ticket} was already settled or voided; a ticket admits one call`);
  const [, found, grants, denial] = reply;
  const marks: Record<string, FlowMark> = Object.create(null);
  for (let i = 0; i + 2 < found.length; i += 3) {
    marks[String(found[i])] = Object.freeze({ tool: String(found[i + 1]), at: Number(found[i + 2]) });
  }
  return {
    status: "admitted",
    marks: Object.freeze(marks),
    grants: Object.freeze(grants.map((json) => deepFreeze(JSON.parse(json) as StoredGrant))),
    denial: denial ? deepFreeze(JSON.parse(denial) as Denial) : undefined,
  };
}

/**
 * Admission on Redis: the script (limits, marks, grants, denial) and the suspension version go out together,
 * one round trip. A version that moved re-reads the suspensions before the answer is used; a suspension
 * found then, a timeout or an error undoes whatever the script admitted, so nothing is admitted twice and
 * nothing refused stays counted.
 */
export function redisAdmission(connection: Connection, keys: KeyLayout, suspensions: RedisSuspensions) {
  const undo = (base: string, ticket: string) =>
    connection
      .eval(VOID, [base + rootKeys.ticket(ticket)], [base, part(ticket), TOMBSTONE_MS])
      .catch((error: unknown) => connection.report(error, "undoing a refused call's admission"));

  const args = (request: AdmitRequest, base: string) =>
    admissionArgs(request, base, part(request.ticket), connection.now());

  return async (request: AdmitRequest): Promise<Admission> => {
    const base = keys.root(request.root);
    const { client } = connection;
    const version = client.get(suspensions.versionKey);
    const script = scripted(request)
      ? (connection.eval(ADMIT, [base + rootKeys.ticket(request.ticket)], args(request, base)) as Promise<Reply>)
      : Promise.resolve<Reply>(["admitted", [], [], null]);
    const needed = `the suspension version, and the limits, flow marks and approval state of agent name "${request.root}"`;
    try {
      // One deadline for both: they travel together, and the version read beside the script means a
      // suspension that Redis had before this call is seen now.
      const [stored, reply] = await within(Promise.all([version, script]), connection.timeoutMs, needed);
      await suspensions.check(stored);
      const suspension = suspensions.find(request.chain);
      if (suspension) {
        if (writes(request) && reply[0] === "admitted") undo(base, request.ticket);
        return { status: "suspended", suspension };
      }
      return decode(reply, request.ticket);
    } catch (error) {
      if (writes(request)) undo(base, request.ticket);
      throw error;
    }
  };
}
