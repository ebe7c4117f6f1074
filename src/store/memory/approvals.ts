import type { ApprovalDecision, ApprovalRequest } from "../../approval/types.js";
import { ToolgateError } from "../../errors.js";
import type { Clock } from "../../internal/clock.js";
import type { ApprovalRecord, ApprovalStatus, ApprovalStore, Denial } from "../approvals.js";

interface Held {
  record: ApprovalRecord;
  /** Store clock: when a pending request expires. */
  readonly deadline: number;
  readonly waiters: Set<(record: ApprovalRecord) => void>;
}

const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message: `approvals: ${message}` });

/**
 * Approval requests and remembered rejections held in this process. Open requests are capped; settled ones
 * are kept (boundedly) so that a late answer is refused with the reason, not as unknown.
 */
export class MemoryApprovals implements ApprovalStore {
  readonly #held = new Map<string, Held>();
  // Per root agent name: one agent's rejections never push out another's.
  readonly #denials = new Map<string, Map<string, { denial: Denial; expiresAtMs: number }>>();
  readonly #clock: Clock;
  readonly #maxPending: number;
  readonly #maxDenials: number;
  #pending = 0;

  constructor(clock: Clock, limits: { maxPending: number; maxDenials: number }) {
    this.#clock = clock;
    this.#maxPending = limits.maxPending;
    this.#maxDenials = limits.maxDenials;
  }

  open(request: ApprovalRequest): ApprovalRecord {
    const existing = this.get(request.id);
    if (existing) return existing;
    if (this.#pending >= this.#maxPending) {
      throw invalid(`${this.#pending} requests are already waiting (the cap); answer or cancel some first.`);
    }
    this.#pending++;
    const ttlMs = Math.max(0, Date.parse(request.expiresAt) - Date.parse(request.requestedAt));
    const record = freeze({
      id: request.id,
      request,
      status: "pending",
      answer: undefined,
      why: undefined,
      claimedBy: undefined,
    });
    this.#held.set(request.id, { record, deadline: this.#clock.now() + ttlMs, waiters: new Set() });
    this.#forgetSettled();
    return record;
  }

  answer(id: string, decision: ApprovalDecision): ApprovalRecord {
    const held = this.#current(id);
    if (!held) throw invalid(`request "${id}" is unknown (never opened here, or long settled).`);
    if (held.record.status !== "pending") throw invalid(`request "${id}" was already ${describe(held.record)}.`);
    const status = decision.approved === true ? "approved" : "rejected";
    return this.#settle(held, { status, answer: Object.freeze({ ...decision }) });
  }

  cancel(id: string, why: string): void {
    const held = this.#current(id);
    if (held?.record.status === "pending") this.#settle(held, { status: "cancelled", why });
  }

  get(id: string): ApprovalRecord | undefined {
    return this.#current(id)?.record;
  }

  wait(id: string, signal: AbortSignal): Promise<ApprovalRecord> {
    const held = this.#current(id);
    if (!held) return Promise.reject(invalid(`request "${id}" is unknown.`));
    if (held.record.status !== "pending") return Promise.resolve(held.record);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        held.waiters.delete(done);
        clearTimeout(timer);
        reject(signal.reason);
      };
      const done = (record: ApprovalRecord) => {
        signal.removeEventListener("abort", onAbort);
        clearTimeout(timer);
        resolve(record);
      };
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      held.waiters.add(done);
      // Expiry is also checked whenever the record is read; the timer only wakes a waiter that nobody reads for.
      const timer = setTimeout(() => this.#current(id), Math.max(0, held.deadline - this.#clock.now()) + 1);
    });
  }

  claim(id: string, callId: string): boolean {
    const held = this.#current(id);
    if (held?.record.status !== "approved" || held.record.claimedBy !== undefined) return false;
    held.record = freeze({ ...held.record, claimedBy: callId });
    return true;
  }

  list(filter: { status?: ApprovalStatus; approver?: string } = {}): ApprovalRecord[] {
    const records: ApprovalRecord[] = [];
    for (const id of this.#held.keys()) {
      const record = this.#current(id)?.record;
      if (!record || (filter.status && record.status !== filter.status)) continue;
      if (filter.approver && record.request.approver !== filter.approver) continue;
      records.push(record);
    }
    return records;
  }

  /**
   * Keeps a rejection for its root agent name. Past the per-root cap nothing is forgotten to make room (that
   * would buy a fresh answer for an older rejection): the root is full, and asks nothing until some expire.
   */
  remember(denial: Denial, ttlMs: number): void {
    const kept = this.#rootDenials(denial.root, this.#clock.now());
    const key = denialKey(denial.tool, denial.argsHash);
    if (!kept.has(key) && kept.size >= this.#maxDenials) return;
    kept.set(key, { denial: Object.freeze({ ...denial }), expiresAtMs: this.#clock.now() + ttlMs });
  }

  /**
   * A remembered rejection of this exact call (read by admission) — or, when the root has as many remembered
   * rejections as the cap, a refusal standing for them all: it must not be asked again until they expire.
   */
  denial(root: string, tool: string, argsHash: string, now: number): Denial | undefined {
    const kept = this.#denials.get(root);
    if (!kept) return undefined;
    const found = kept.get(denialKey(tool, argsHash));
    if (found && found.expiresAtMs > now) return found.denial;
    if (this.#rootDenials(root, now).size < this.#maxDenials) return undefined;
    const reason = `agent "${root}" has ${kept.size} rejected calls on record (the cap); nothing more is asked until they expire`;
    return { root, tool, argsHash, by: "toolgate", reason, at: new Date(this.#clock.wall()).toISOString() };
  }

  /** The root's remembered rejections, expired ones dropped. */
  #rootDenials(root: string, now: number): Map<string, { denial: Denial; expiresAtMs: number }> {
    const kept = this.#denials.get(root) ?? new Map<string, { denial: Denial; expiresAtMs: number }>();
    this.#denials.set(root, kept);
    for (const [key, entry] of kept) if (entry.expiresAtMs <= now) kept.delete(key);
    return kept;
  }

  /** The held entry, expired first if its deadline has passed. */
  #current(id: string): Held | undefined {
    const held = this.#held.get(id);
    if (held?.record.status === "pending" && this.#clock.now() >= held.deadline) {
      this.#settle(held, { status: "expired", why: `expired at ${held.record.request.expiresAt}` });
    }
    return held;
  }

  #settle(held: Held, change: Partial<ApprovalRecord>): ApprovalRecord {
    if (held.record.status === "pending") this.#pending--;
    held.record = freeze({ ...held.record, ...change });
    for (const waiter of [...held.waiters]) waiter(held.record);
    held.waiters.clear();
    return held.record;
  }

  // Settled records are kept only to explain late answers: at most as many as the pending cap, oldest dropped.
  #forgetSettled(): void {
    let excess = this.#held.size - this.#pending - this.#maxPending;
    for (const [id, held] of this.#held) {
      if (excess <= 0) return;
      if (held.record.status === "pending") continue;
      this.#held.delete(id);
      excess--;
    }
  }
}

const denialKey = (tool: string, argsHash: string) => `${tool}\u0000${argsHash}`;
const freeze = (record: ApprovalRecord): ApprovalRecord => Object.freeze(record);

function describe(record: ApprovalRecord): string {
  if (record.status === "approved" || record.status === "rejected") {
    return `${record.status} by ${record.answer?.by ?? "?"}`;
  }
  return `${record.status}${record.why ? ` (${record.why})` : ""}`;
}
