import { ToolgateError } from "../errors.js";
import { newCallId } from "../internal/ids.js";
import { parseDuration } from "../policy/duration.js";
import type { ApprovalRecord, ApprovalStore } from "../store/approvals.js";
import { memoryStore } from "../store/memory/index.js";
import type { Store } from "../store/types.js";
import type { ApprovalDecision, ApprovalRequest, Approver } from "./types.js";

/**
 * Told about each new request. `signal` aborts once the request leaves the queue (decided, cancelled or
 * expired), so a chat message or ticket can be updated. A throw or a rejected promise fails the request.
 *
 * @example
 * ```ts
 * const listener: QueueListener = (request, { signal }) => postToSlack(request, signal);
 * ```
 */
export type QueueListener = (request: ApprovalRequest, context: { signal: AbortSignal }) => void | Promise<void>;

/**
 * An approver whose decisions arrive out of band. It is itself the {@link Approver}: register it as is. With a
 * shared store its requests can be listed and answered from any process, and a call that resumes (same call
 * id and input, after a restart) finds its request again and runs once.
 *
 * @example
 * ```ts
 * const store = memoryStore(); // or redisStore(...), shared by every replica and the approval desk
 * const queue = queueApprover({ store });
 * const gate = createGate({ policy, store, approvers: { owner: queue } });
 * queue.subscribe((request) => notify(`${request.tool.name} needs approval: ${request.id}`));
 * // The desk answers by id, from any process sharing the store:
 * await queue.resolve("apr_…", { approved: true, by: "alice@example.com" });
 * ```
 */
export interface ApprovalQueue extends Approver {
  /** The requests waiting for a decision, oldest first. */
  pending(): Promise<ApprovalRequest[]>;
  /** Every request the store keeps, with its status, answer and whether a call has used it. */
  records(): Promise<ApprovalRecord[]>;
  /** Settles exactly the request `id`; rejects with `INVALID_ARGUMENT` if it is unknown, already settled or expired. */
  resolve(id: string, decision: ApprovalDecision): Promise<void>;
  /** Abandons a waiting request (its call is refused); the reason is kept on the record. */
  cancel(id: string, reason: string): Promise<void>;
  /** Calls `listener` for every new request opened through this queue; returns the unsubscribe function. */
  subscribe(listener: QueueListener): () => void;
}

const invalid = (message: string) =>
  new ToolgateError({ code: "INVALID_ARGUMENT", message: `queueApprover: ${message}` });

function checkDecision(decision: ApprovalDecision): ApprovalDecision {
  const { approved, by, reason, grantFor } = (decision ?? {}) as Partial<ApprovalDecision>;
  if (typeof approved !== "boolean") throw invalid("`approved` must be the boolean true or false.");
  if (typeof by !== "string" || by.trim() === "") throw invalid("`by` must name who decided.");
  if (reason !== undefined && typeof reason !== "string") throw invalid("`reason` must be a string.");
  if (grantFor !== undefined && parseDuration(grantFor) === undefined) {
    throw invalid('`grantFor` must be a duration such as "10m" (at most 24h).');
  }
  // Passed on as given: the gate checks the grant's length and records it.
  return Object.freeze({
    approved,
    by,
    ...(reason === undefined ? {} : { reason }),
    ...(grantFor === undefined ? {} : { grantFor }),
  });
}

/** What a settled record means to the call that waited for it: its answer, used at most once. */
async function outcomeOf(approvals: ApprovalStore, record: ApprovalRecord, claim: string): Promise<ApprovalDecision> {
  switch (record.status) {
    case "approved":
      if (!(await approvals.claim(record.id, claim))) {
        throw new Error(`request ${record.id} was approved, but another call already used the approval`);
      }
      return record.answer as ApprovalDecision;
    case "rejected":
      return record.answer as ApprovalDecision;
    default:
      throw new Error(`request ${record.id} ${record.status}${record.why ? `: ${record.why}` : ""}`);
  }
}

/**
 * Creates an {@link ApprovalQueue}: requests wait in the store until `resolve(id, decision)` is called for their
 * own id. A decision is bound to one request id, so it cannot be replayed for another call, twice, or late.
 * Without `store` the queue keeps its requests in this process.
 *
 * @example
 * ```ts
 * const queue = queueApprover({ store });
 * for (const request of await queue.pending()) await queue.resolve(request.id, { approved: false, by: "ops@example.com" });
 * ```
 */
export function queueApprover(options: { store?: Store } = {}): ApprovalQueue {
  const approvals = (options.store ?? memoryStore()).approvals;
  const listeners = new Set<QueueListener>();

  const tell = (request: ApprovalRequest, signal: AbortSignal): Promise<void> => {
    const told = [...listeners].map(async (listener) => listener(request, { signal }));
    return Promise.all(told).then(() => undefined);
  };

  const approver: Approver = async (request, { signal }) => {
    const record = await approvals.open(request);
    const claim = newCallId(); // this waiting call: an approval runs one call, even if two resume it
    if (record.status !== "pending") return outcomeOf(approvals, record, claim);
    const left = new AbortController();
    try {
      const waiting = approvals.wait(record.id, signal);
      await Promise.race([waiting, tell(request, left.signal).then(() => waiting)]);
      return await outcomeOf(approvals, await waiting, claim);
    } catch (error) {
      // Abandoned by the gate (timeout, quorum reached, suspension) or a listener failed: nobody may answer it.
      await approvals.cancel(
        record.id,
        signal.aborted ? String((signal.reason as Error)?.message ?? signal.reason) : "a queue listener failed",
      );
      throw error;
    } finally {
      left.abort(new Error("the approval request left the queue"));
    }
  };

  return Object.assign(approver, {
    pending: async () => (await approvals.list({ status: "pending" })).map((record) => record.request),
    records: async () => approvals.list(),
    async resolve(id: string, decision: ApprovalDecision) {
      await approvals.answer(id, checkDecision(decision));
    },
    async cancel(id: string, reason: string) {
      if (typeof reason !== "string" || reason.trim() === "")
        throw invalid("give a reason to cancel; it is kept on the record.");
      const record = await approvals.get(id);
      if (!record) throw invalid(`request "${id}" is unknown.`);
      await approvals.cancel(id, reason);
    },
    subscribe(listener: QueueListener) {
      if (typeof listener !== "function") throw invalid("subscribe() takes a function.");
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  });
}
