// What a conformance test gets: stores sharing one state (replicas), on a clock the test moves.
import { afterEach } from "vitest";
import type { AdmitRequest, LimitDraw, Store } from "../../../src/index.js";
import { manualClock } from "../../helpers.js";

/** Caps a test may lower (the same names on both stores). */
export interface Caps {
  maxConversationsPerAgent?: number;
  maxPendingApprovals?: number;
  maxRememberedDenials?: number;
  maxRetiredAgents?: number;
}

export type Clock = ReturnType<typeof manualClock>;

/** Opens `count` stores over one shared state, all on `clock`; closed after the test. */
export type Opener = (count: number, clock: Clock, caps: Caps) => Promise<Store[]>;

/** Opens stores for one test and closes them when it ends. */
export function storesFor(open: Opener) {
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  return async (count = 1, caps: Caps = {}) => {
    const clock = manualClock();
    const stores = await open(count, clock, caps);
    opened.push(...stores);
    const [a, b = a] = stores as [Store, ...Store[]];
    return { stores, store: a, a, b, clock };
  };
}

let tickets = 0;

/** An admission request for root "bot" (agent a1) with these parts; a fresh ticket each time. */
export function request(parts: Partial<AdmitRequest> = {}): AdmitRequest {
  return {
    ticket: `ticket-${++tickets}`,
    root: "bot",
    chain: [{ id: "a1", name: "bot" }],
    dryRun: false,
    limits: [],
    flows: undefined,
    approval: undefined,
    ...parts,
  };
}

export const limit = (max: number, windowMs = 60_000, parts: Partial<LimitDraw> = {}): LimitDraw => ({
  id: "rate",
  key: "",
  max,
  windowMs,
  ...parts,
});

/** The flow draw of a call of `tool` in `conversation` that reads and marks flow "f". */
export const flow = (
  conversation: string | undefined,
  tool = "email.read",
  scope: "conversation" | "agent" = "conversation",
  windowMs = 60_000,
) => ({
  conversation,
  tool,
  read: [{ id: "f", scope, windowMs }],
  mark: [{ id: "f", windowMs }],
});

/** Admits and settles (the tool started) in one go. */
export async function run(store: Store, parts: Partial<AdmitRequest>) {
  const asked = request(parts);
  const admission = await store.admit(asked);
  await store.settle({ ticket: asked.ticket, root: asked.root, agentId: "a1", started: true, outcome: "allowed" });
  return admission;
}

/** The call as a promise, whether the store throws synchronously (memory) or rejects (Redis). */
export const attempt = <T>(work: () => T | Promise<T>): Promise<T> => Promise.resolve().then(work);
