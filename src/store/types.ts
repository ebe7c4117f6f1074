import type { SessionGrant } from "../approval/grants.js";
import type { Awaitable } from "../internal/awaitable.js";
import type { AgentStore } from "./agents.js";
import type { ApprovalStore, Denial } from "./approvals.js";
import type { GrantStore } from "./grants.js";
import type { MonitorStore } from "./monitors.js";
import type { OnceStore } from "./once.js";
import type { SuspensionStore } from "./suspensions.js";

/**
 * One member of a call's delegation chain, root first: suspensions are looked up by id and by name.
 *
 * @example
 * ```ts
 * const member: ChainMember = { id: "agt_1", name: "support-bot" };
 * ```
 */
export interface ChainMember {
  readonly id: string;
  readonly name: string;
}

/**
 * A limit one call draws on. Counted under (root agent name, `id`, `key`): `key` is `""` for a budget shared
 * by every instance and delegate of the root's name, or an agent id for a per-instance budget.
 *
 * @example
 * ```ts
 * const draw: LimitDraw = { id: "mail-rate", key: "", max: 20, windowMs: 3_600_000 };
 * ```
 */
export interface LimitDraw {
  readonly id: string;
  readonly key: string;
  readonly max: number;
  readonly windowMs: number;
}

/**
 * What a call reads and writes of flow state. Marks are kept per (root agent name, conversation); a call with
 * no conversation reads every conversation's marks and marks for all of them.
 *
 * @example
 * ```ts
 * const draw: FlowDraw = { conversation: "c1", tool: "email.read", read: [], mark: [{ id: "untrusted-egress", windowMs: 1_800_000 }] };
 * ```
 */
export interface FlowDraw {
  /** The host-supplied conversation, or undefined (the call then sees, and marks, every conversation). */
  readonly conversation: string | undefined;
  readonly tool: string;
  /** Flows this call could complete: the newest visible mark of each within its window is returned. */
  readonly read: readonly {
    readonly id: string;
    readonly scope: "conversation" | "agent";
    readonly windowMs: number;
  }[];
  /** Flows this call starts: marked provisionally now, kept if the tool starts, dropped if it never does. */
  readonly mark: readonly { readonly id: string; readonly windowMs: number }[];
}

/**
 * One call's admission: everything it reads and writes of shared state, done atomically in one step.
 *
 * @example
 * ```ts
 * const request: AdmitRequest = {
 *   ticket: "call_x1_1", root: "support-bot", chain: [{ id: "agt_1", name: "support-bot" }],
 *   dryRun: false, limits: [], flows: undefined, approval: undefined,
 * };
 * ```
 */
export interface AdmitRequest {
  /**
   * toolgate's own id of this call, unique across processes (unlike a framework's call id, which a model or a
   * remote client may repeat): makes a retried admission idempotent and names the provisional flow marks.
   */
  readonly ticket: string;
  /** The root agent's name: the key (and Redis hash tag) of the call's limits and flow marks. */
  readonly root: string;
  readonly chain: readonly ChainMember[];
  /** `gate.check`: the same reads, no writes. */
  readonly dryRun: boolean;
  /** All admitted, or none. */
  readonly limits: readonly LimitDraw[];
  readonly flows: FlowDraw | undefined;
  /**
   * Only when the call may need approval: read the live session grants of this agent and tool, and a
   * remembered rejection of this exact call (root, tool, argsHash).
   */
  readonly approval: { readonly agentId: string; readonly tool: string; readonly argsHash: string } | undefined;
}

/**
 * The newest call that started a flow: which tool, and when (store clock, monotonic milliseconds).
 *
 * @example
 * ```ts
 * const mark: FlowMark = { tool: "email.read", at: 1_000 };
 * ```
 */
export interface FlowMark {
  readonly tool: string;
  readonly at: number;
}

/**
 * What admission found. `suspended` and `limited` admitted nothing; `admitted` counted every limit and wrote
 * the provisional marks (unless a dry run).
 *
 * @example
 * ```ts
 * declare const admitRequest: AdmitRequest; // what the gate's admit stage builds for one call
 * const admission: Admission = await store.admit(admitRequest);
 * if (admission.status === "limited") console.log(admission.limit, admission.retryAfterMs);
 * ```
 */
export type Admission =
  | {
      readonly status: "admitted";
      readonly marks: Readonly<Record<string, FlowMark>>;
      readonly grants: readonly StoredGrant[];
      readonly denial: Denial | undefined;
    }
  | { readonly status: "suspended"; readonly suspension: Suspension }
  | { readonly status: "limited"; readonly limit: string; readonly retryAfterMs: number };

/**
 * How a call ended, for the store: keep or drop its provisional marks, count it, note the activity.
 *
 * @example
 * ```ts
 * store.settle({ ticket: "call_x1_1", root: "support-bot", agentId: "agt_1", started: true, outcome: "allowed" });
 * ```
 */
export interface Settlement {
  /** The admission's ticket. */
  readonly ticket: string;
  readonly root: string;
  readonly agentId: string;
  /** The tool started: its provisional flow marks become real. */
  readonly started: boolean;
  readonly outcome: "allowed" | "denied" | "failed";
  /**
   * The flows the call's admission marked, when its tool started: a store whose record of the admission has
   * expired (a call that ran, or waited for approval, longer than the ticket lives) still keeps its marks.
   */
  readonly flows?: FlowDraw | undefined;
}

/**
 * A suspension: of one agent id (that instance and its delegates) or of a name (every instance of it, and
 * their delegates, on every replica).
 *
 * @example
 * ```ts
 * const suspension: Suspension = { target: { name: "support-bot" }, reason: "burst of refunds", at: "2026-12-01T10:00:00.000Z" };
 * ```
 */
export interface Suspension {
  readonly target: SuspensionTarget;
  readonly reason: string;
  /** Wall time, for display. */
  readonly at: string;
}

/**
 * What `gate.suspend` and `gate.resume` take: an agent id, or `{ name }`.
 *
 * @example
 * ```ts
 * const target: SuspensionTarget = { name: "support-bot" };
 * ```
 */
export type SuspensionTarget = { readonly id: string } | { readonly name: string };

/**
 * A session grant as the store keeps it: `key` says which approval it replaces (rule and steps).
 *
 * @example
 * ```ts
 * const grant: StoredGrant = { id: "grt_1", agentId: "agt_1", tool: "refund.issue", rule: "refunds", key: "refunds|1/owner", by: ["alice"], expiresAt: "2026-12-01T10:10:00.000Z", expiresAtMs: 600_000 };
 * ```
 */
export interface StoredGrant extends SessionGrant {
  /** Which approval it replaces: the rule and its steps. */
  readonly key: string;
  /** Store clock (monotonic): when it stops covering calls. */
  readonly expiresAtMs: number;
}

/**
 * Where a gate keeps every piece of state a decision reads beyond the policy. `memoryStore()` (the default)
 * keeps it in this process; `redisStore()` (`toolgate/redis`) shares it between replicas. A call makes at
 * most one awaited round trip on the hot path (`admit`); `settle` is never awaited by a call.
 *
 * @example
 * ```ts
 * const gate = createGate({ policy, store: memoryStore() });
 * ```
 */
export interface Store {
  /**
   * True when the store is this process's memory, so `suspensions.find` reads the source of truth itself: a
   * call that draws on no limit, flow or approval then needs no admission at all. A shared store says false,
   * and every call is admitted (which re-checks suspension against what every replica sees).
   */
  readonly local: boolean;
  admit(request: AdmitRequest): Awaitable<Admission>;
  settle(settlement: Settlement): Awaitable<void>;
  readonly suspensions: SuspensionStore;
  readonly grants: GrantStore;
  readonly approvals: ApprovalStore;
  readonly agents: AgentStore;
  /** Monitor state (counters, distinct values, known tools and sequences, cool-downs), per root agent name. */
  readonly monitors: MonitorStore;
  /** One-use keys until they expire: the MCP attestations a server accepted, seen by every replica. */
  readonly once: OnceStore;
  /** Stops timers and connections; the store is unusable afterwards. */
  close(): Promise<void>;
}
