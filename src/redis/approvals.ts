import type { ApprovalDecision, ApprovalRequest } from "../approval/types.js";
import type { ApprovalRecord, ApprovalStatus, ApprovalStore, Denial } from "../store/approvals.js";
import { describe, invalid, type RawRecord, readRecord } from "./approval-record.js";
import { ApprovalWaiters } from "./approval-waiters.js";
import type { Connection } from "./connection.js";
import type { KeyLayout } from "./keys.js";
import { rootKeys } from "./keys.js";
import type { RedisSettings } from "./options.js";
import * as scripts from "./scripts/approvals.js";
import { REMEMBER } from "./scripts/grants.js";

/** How long a settled request is kept (to explain late answers, and for a restarted caller to find its answer). */
const KEEP_SETTLED_MS = 24 * 3_600_000;
const NEEDED = "the approval requests";

/**
 * Approval requests in Redis, answerable from any process: every change is one script (answer once, claim
 * once), and waiters are woken by pub/sub and re-read the record, so a lost message delays a waiter but never
 * decides for it.
 */
export class RedisApprovals implements ApprovalStore {
  readonly #connection: Connection;
  readonly #keys: KeyLayout;
  readonly #settings: RedisSettings;
  readonly waiters: ApprovalWaiters;

  constructor(connection: Connection, keys: KeyLayout, settings: RedisSettings) {
    this.#connection = connection;
    this.#keys = keys;
    this.#settings = settings;
    this.waiters = new ApprovalWaiters((id) => this.#read(id));
  }

  async open(request: ApprovalRequest): Promise<ApprovalRecord> {
    const ttlMs = Math.max(1, Math.ceil(Date.parse(request.expiresAt) - Date.parse(request.requestedAt)) || 1);
    const args = [request.id, JSON.stringify(request), ttlMs, request.expiresAt];
    const [outcome, raw] = (await this.#run(scripts.OPEN, args)) as [string, RawRecord | number];
    if (outcome === "full")
      throw invalid(`${raw} requests are already waiting (the cap); answer or cancel some first.`);
    return readRecord(raw as RawRecord).record;
  }

  async answer(id: string, decision: ApprovalDecision): Promise<ApprovalRecord> {
    const status = decision.approved === true ? "approved" : "rejected";
    const [outcome, raw] = (await this.#run(scripts.ANSWER, [id, status, JSON.stringify(decision)])) as [
      string,
      RawRecord | undefined,
    ];
    if (outcome === "unknown") throw invalid(`request "${id}" is unknown (never opened here, or long settled).`);
    const { record } = readRecord(raw as RawRecord);
    if (outcome === "settled") throw invalid(`request "${id}" was already ${describe(record)}.`);
    return record;
  }

  async cancel(id: string, why: string): Promise<void> {
    await this.#run(scripts.CANCEL, [id, why]);
  }

  async get(id: string): Promise<ApprovalRecord | undefined> {
    return (await this.#read(id))?.record;
  }

  wait(id: string, signal: AbortSignal): Promise<ApprovalRecord> {
    return this.waiters.wait(id, signal);
  }

  async claim(id: string, callId: string): Promise<boolean> {
    return Number(await this.#run(scripts.CLAIM, [id, callId])) === 1;
  }

  async list(filter: { status?: ApprovalStatus; approver?: string } = {}): Promise<ApprovalRecord[]> {
    const flat = (await this.#run(scripts.LIST, [])) as (string | number)[];
    const records: ApprovalRecord[] = [];
    for (let i = 0; i + 5 < flat.length; i += 6) {
      const { record } = readRecord(flat.slice(i, i + 6) as RawRecord);
      if (filter.status && record.status !== filter.status) continue;
      if (filter.approver && record.request.approver !== filter.approver) continue;
      records.push(record);
    }
    return records;
  }

  async remember(denial: Denial, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return;
    const base = this.#keys.root(denial.root);
    const keys = [base + rootKeys.denial(denial.tool, denial.argsHash), base + rootKeys.denials];
    const args = [
      JSON.stringify(denial),
      Math.ceil(ttlMs),
      this.#connection.now(),
      this.#settings.maxRememberedDenials,
    ];
    await this.#connection.run(REMEMBER, keys, args, `the remembered rejections of agent name "${denial.root}"`);
  }

  async #read(id: string) {
    const raw = (await this.#run(scripts.GET, [id])) as RawRecord | null;
    return raw ? readRecord(raw) : undefined;
  }

  #run(script: (typeof scripts)[keyof typeof scripts], args: (string | number)[]): Promise<unknown> {
    const base = this.#keys.approvals;
    const shared = [base, this.#connection.now(), KEEP_SETTLED_MS, this.#settings.maxPendingApprovals];
    return this.#connection.run(script, [`${base}open`], [...shared, this.#keys.channels.approvals, ...args], NEEDED);
  }
}
