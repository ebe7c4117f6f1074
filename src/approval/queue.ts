import { ToolgateError } from "../errors.js";
import { parseDuration } from "../policy/duration.js";
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
 * An approver whose decisions arrive out of band. It is itself the {@link Approver}: register it as is.
 *
 * @example
 * ```ts
 * const queue = queueApprover();
 * const gate = createGate({ policy, approvers: { owner: queue } });
 * queue.subscribe((request) => notify(`${request.tool.name} needs approval: ${request.id}`));
 * app.post("/approvals/:id", (req) => queue.resolve(req.params.id, { approved: req.body.ok, by: req.user.email }));
 * ```
 */
export interface ApprovalQueue extends Approver {
  /** The requests waiting for a decision, oldest first. */
  pending(): ApprovalRequest[];
  /** Settles exactly the request `id`; throws `INVALID_ARGUMENT` if it is unknown, already settled or expired. */
  resolve(id: string, decision: ApprovalDecision): void;
  /** Calls `listener` for every new request (not those already pending); returns the unsubscribe function. */
  subscribe(listener: QueueListener): () => void;
}

interface Waiting {
  request: ApprovalRequest;
  settle: (decision: ApprovalDecision) => void;
  fail: (error: unknown, why: string) => void;
}

// Ended ids are remembered (boundedly) only to explain why a late resolve(id) is refused.
const REMEMBERED_ENDINGS = 1_000;

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

/**
 * Creates an {@link ApprovalQueue}: requests wait until `resolve(id, decision)` is called for their own id.
 * A decision is bound to one request id, so it cannot be replayed for another call, twice, or late.
 *
 * @example
 * ```ts
 * const queue = queueApprover();
 * for (const request of queue.pending()) queue.resolve(request.id, { approved: false, by: "ops@example.com" });
 * ```
 */
export function queueApprover(): ApprovalQueue {
  const waiting = new Map<string, Waiting>();
  const ended = new Map<string, string>();
  const listeners = new Set<QueueListener>();

  const end = (id: string, why: string) => {
    waiting.delete(id);
    ended.set(id, why);
    if (ended.size > REMEMBERED_ENDINGS) ended.delete(ended.keys().next().value as string);
  };

  const approver = (request: ApprovalRequest, { signal }: { signal: AbortSignal }) => {
    const left = new AbortController();
    return new Promise<ApprovalDecision>((resolve, reject) => {
      // The queue is keyed by id: a request seen before must not take over (or revive) that entry.
      if (waiting.has(request.id) || ended.has(request.id))
        return reject(invalid(`request "${request.id}" was already queued.`));
      const leave = (why: string) => {
        end(request.id, why);
        signal.removeEventListener("abort", onAbort);
        left.abort(new Error(`approval request ${why}`));
      };
      const onAbort = () => {
        leave(`was cancelled (${(signal.reason as Error)?.message ?? String(signal.reason)})`);
        reject(signal.reason);
      };
      const fail = (error: unknown, why = "failed: a queue listener threw") => {
        if (!waiting.has(request.id)) return;
        leave(why);
        reject(error);
      };
      const settle = (decision: ApprovalDecision) => {
        leave(`was already ${decision.approved ? "approved" : "rejected"} by ${decision.by}`);
        resolve(decision);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      waiting.set(request.id, { request, settle, fail });
      for (const listener of [...listeners]) {
        try {
          Promise.resolve(listener(request, { signal: left.signal })).catch((error) => fail(error));
        } catch (error) {
          fail(error);
        }
      }
    });
  };

  return Object.assign(approver, {
    pending: () => [...waiting.values()].map((entry) => entry.request),
    resolve(id: string, decision: ApprovalDecision) {
      const entry = waiting.get(id);
      if (!entry) throw invalid(`request "${id}" ${ended.get(id) ?? "is unknown (never queued here)"}.`);
      const checked = checkDecision(decision);
      // Normally the gate's deadline cancels a request first; this guards a late timer or a direct caller.
      if (Date.now() > Date.parse(entry.request.expiresAt)) {
        const expired = invalid(`request "${id}" expired at ${entry.request.expiresAt}.`);
        entry.fail(expired, `expired at ${entry.request.expiresAt}`);
        throw expired;
      }
      entry.settle(checked);
    },
    subscribe(listener: QueueListener) {
      if (typeof listener !== "function") throw invalid("subscribe() takes a function.");
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  });
}
