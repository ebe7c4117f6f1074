import { deepFreeze } from "../internal/deep-freeze.js";
import type { Denial } from "../store/approvals.js";
import type { Admission, AdmitRequest, FlowMark, StoredGrant } from "../store/types.js";
import { admissionArgs, scripted, writes } from "./admission-args.js";
import type { Connection } from "./connection.js";
import { type KeyLayout, part, rootKeys, unpart } from "./keys.js";
import { ADMIT } from "./scripts/admit.js";
import { VOID } from "./scripts/settle.js";
import type { Settlements } from "./settlement.js";
import type { RedisSuspensions } from "./suspensions.js";
import { within } from "./unavailable.js";

/** How long a settled or voided ticket stays, so that a late copy of its admission admits nothing. */
export const TOMBSTONE_MS = 60_000;

type Version = string | null;
type Reply =
  | ["admitted", (string | number)[], string[], string | null, Version]
  | ["limited", string, number, Version]
  | ["void", Version];

/** A remembered rejection; the one standing for a full root (written by the script) is dated and named here. */
function denialOf(json: string, root: string): Denial {
  const denial = JSON.parse(json) as Denial;
  return deepFreeze(denial.at ? denial : { ...denial, root, at: new Date().toISOString() });
}

function decode(reply: Reply, ticket: string, root: string): Admission {
  if (reply[0] === "limited") return { status: "limited", limit: reply[1], retryAfterMs: Number(reply[2]) };
  if (reply[0] !== "admitted")
    throw new Error(`ticket ${ticket} was already settled or voided; a ticket admits one call`);
  const [, found, grants, denial] = reply;
  const marks: Record<string, FlowMark> = Object.create(null);
  for (let i = 0; i + 2 < found.length; i += 3) {
    marks[String(found[i])] = Object.freeze({ tool: unpart(String(found[i + 1])), at: Number(found[i + 2]) });
  }
  return {
    status: "admitted",
    marks: Object.freeze(marks),
    grants: Object.freeze(grants.map((json) => deepFreeze(JSON.parse(json) as StoredGrant))),
    denial: denial ? denialOf(denial, root) : undefined,
  };
}

/**
 * Admission on Redis: the script (limits, marks, grants, denial) and the suspension version go out together,
 * one round trip. A version that moved re-reads the suspensions before the answer is used; a suspension
 * found then, a timeout or an error undoes whatever the script admitted, so nothing is admitted twice and
 * nothing refused stays counted.
 */
export function redisAdmission(
  connection: Connection,
  keys: KeyLayout,
  suspensions: RedisSuspensions,
  denialCap: number,
  settlements: Settlements,
) {
  // On the admissions' own connection: any admission sent after it sees the budget without the refused call.
  const undo = (base: string, ticket: string) =>
    connection
      .eval(VOID, [base + rootKeys.ticket(ticket)], [base, part(ticket), TOMBSTONE_MS])
      .catch((error: unknown) => connection.report(error, "undoing a refused call's admission"));

  // On one server the script reads the version itself; a cluster keeps it in another slot, read beside.
  const inScript = !connection.client.isCluster;
  const versionKey = inScript ? suspensions.versionKey : "";

  return async (request: AdmitRequest): Promise<Admission> => {
    const base = keys.root(request.root);
    const { client } = connection;
    // Settlements still queued here go first on the same connection: the marks read are those of every call
    // this replica saw end (a call that never started no longer restricts; one that ran is dated by its end).
    if (request.flows && request.flows.read.length > 0) settlements.flush();
    const script = scripted(request)
      ? (connection.eval(
          ADMIT,
          [base + rootKeys.ticket(request.ticket)],
          admissionArgs(request, base, connection.now(), versionKey, denialCap),
        ) as Promise<Reply>)
      : undefined;
    const version = script && inScript ? undefined : client.get(suspensions.versionKey);
    const needed = `the suspension version, and the limits, flow marks and approval state of agent name "${request.root}"`;
    try {
      // One deadline for both, and the version read with (or beside) the script: a suspension that Redis had
      // before this call is seen now. The common case (one server) awaits the script alone.
      let reply: Reply;
      let stored: Version;
      if (version)
        [stored, reply] = await within(Promise.all([version, script ?? NOTHING]), connection.timeoutMs, needed);
      else {
        reply = await within(script as Promise<Reply>, connection.timeoutMs, needed);
        stored = reply.at(-1) as Version;
      }
      const reread = suspensions.check(stored ?? null);
      if (reread) await reread;
      const suspension = suspensions.find(request.chain);
      if (suspension) {
        if (writes(request) && reply[0] === "admitted") undo(base, request.ticket);
        return { status: "suspended", suspension };
      }
      return decode(reply, request.ticket, request.root);
    } catch (error) {
      if (writes(request)) undo(base, request.ticket);
      throw error;
    }
  };
}

const NOTHING: Promise<Reply> = Promise.resolve(["admitted", [], [], null, null]);
