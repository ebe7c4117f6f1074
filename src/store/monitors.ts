import type { Awaitable } from "../internal/awaitable.js";

/**
 * What one monitor asks of the store for one call. All state is kept per root agent name (read loosely, so
 * `Support-Bot` is `support-bot`) and monitor id:
 * - `count`: one more call in a sliding window; answers how many are in it.
 * - `distinct`: these values (tool names, or hashes of input values) seen now; answers how many distinct ones the
 *   window holds.
 * - `novel`: which of these items (tools or tags) the root never ran; starts its learning period.
 * - `sequence`: the root's last `length - 1` tools run, with `tool` after them; whether that sequence ran before.
 *
 * `count` and `distinct` keep the newest `max + 1` entries only: enough to tell `max` from more, exactly.
 *
 * @example
 * ```ts
 * const draw: MonitorDraw = { kind: "count", id: "burst", max: 20, windowMs: 60_000 };
 * ```
 */
export type MonitorDraw =
  | { readonly kind: "count"; readonly id: string; readonly max: number; readonly windowMs: number }
  | {
      readonly kind: "distinct";
      readonly id: string;
      readonly max: number;
      readonly windowMs: number;
      readonly values: readonly string[];
    }
  | { readonly kind: "novel"; readonly id: string; readonly learnMs: number; readonly items: readonly string[] }
  | {
      readonly kind: "sequence";
      readonly id: string;
      readonly learnMs: number;
      readonly length: number;
      readonly tool: string;
    };

/**
 * One call's observation by every monitor that watches it, in one step.
 *
 * @example
 * ```ts
 * const observation: MonitorObservation = {
 *   ticket: "call_x1_1", root: "support-bot", dryRun: false,
 *   draws: [{ kind: "count", id: "burst", max: 20, windowMs: 60_000 }], coolDowns: [],
 * };
 * ```
 */
export interface MonitorObservation {
  /** toolgate's own id of the call: one call counts once, however often the observation is retried. */
  readonly ticket: string;
  /** The loose reading of the root agent's name. */
  readonly root: string;
  /** `gate.check`: answers as if the call were counted, writes nothing. */
  readonly dryRun: boolean;
  readonly draws: readonly MonitorDraw[];
  /** Monitors whose cool-down this call is subject to: how long each still runs is read. */
  readonly coolDowns: readonly string[];
}

/**
 * What the store answered for one draw.
 *
 * @example
 * ```ts
 * const result: MonitorResult = { observed: 21, learning: false, items: [] };
 * ```
 */
export interface MonitorResult {
  /**
   * `count`: calls in the window, this one included; `distinct`: distinct values in it (both at most `max + 1`);
   * `novel`: how many of the items are new; `sequence`: 1 when the sequence never ran, else 0.
   */
  readonly observed: number;
  /** `novel` and `sequence`: the root's learning period is still running (from its first watched call). */
  readonly learning: boolean;
  /** `novel`: the new items; `sequence`: the sequence (oldest tool first), empty while the history is shorter. */
  readonly items: readonly string[];
}

/**
 * The store's answer to an observation: one result per draw, in order, and the time left of each cool-down asked
 * about (0 when none runs).
 *
 * @example
 * ```ts
 * const reading = memoryStore().monitors.observe({
 *   ticket: "call_x1_1", root: "support-bot", dryRun: true,
 *   draws: [{ kind: "count", id: "burst", max: 20, windowMs: 60_000 }], coolDowns: [],
 * }) as MonitorReading;
 * if ((reading.results[0]?.observed ?? 0) > 20) console.log("burst");
 * ```
 */
export interface MonitorReading {
  readonly results: readonly MonitorResult[];
  readonly coolDowns: readonly number[];
}

/**
 * How a watched call ended, for the monitors: what its tool run taught them, and a refusal to count.
 *
 * @example
 * ```ts
 * const settlement: MonitorSettlement = {
 *   ticket: "call_x1_1", root: "support-bot", learn: [{ id: "new-tool", items: ["crm.read"] }],
 *   sequences: [], refusals: [],
 * };
 * ```
 */
export interface MonitorSettlement {
  readonly ticket: string;
  readonly root: string;
  /** `first-use` monitors: items of a call whose tool started, known from now on. */
  readonly learn: readonly { readonly id: string; readonly items: readonly string[] }[];
  /**
   * `sequence` monitors of a call whose tool started: `tool` joins the root's history, and `sequence` (when the
   * history was long enough) is known from now on.
   */
  readonly sequences: readonly {
    readonly id: string;
    readonly length: number;
    readonly tool: string;
    readonly sequence: readonly string[];
  }[];
  /** `denials` monitors of a refused call: one more refusal in each window. */
  readonly refusals: readonly { readonly id: string; readonly max: number; readonly windowMs: number }[];
}

/**
 * Monitor state: counters, distinct values, known tools and sequences, learning periods and cool-downs, per root
 * agent name. The memory store answers synchronously; a shared store in one round trip per call.
 *
 * @example
 * ```ts
 * const monitors: MonitorStore = memoryStore().monitors;
 * await monitors.coolDown("support-bot", "burst", 900_000);
 * ```
 */
export interface MonitorStore {
  /** Counts the call against its draws (unless a dry run) and reads what they have seen. */
  observe(observation: MonitorObservation): Awaitable<MonitorReading>;
  /** Applies how a call ended; answers the refusal count of each `refusals` entry, in order. */
  settle(settlement: MonitorSettlement): Awaitable<readonly number[]>;
  /** Starts (or extends) a monitor's cool-down for a root: `ms` from now. */
  coolDown(root: string, id: string, ms: number): Awaitable<void>;
}

/**
 * Known tools, tags or sequences kept per root name and monitor; past it, new ones stay new (they keep firing).
 *
 * @example
 * ```ts
 * const full = (known: Set<string>) => known.size >= MAX_KNOWN_PER_MONITOR;
 * ```
 */
export const MAX_KNOWN_PER_MONITOR = 10_000;

/**
 * How a sequence is written as one item (tool names cannot contain a line break).
 *
 * @example
 * ```ts
 * sequenceKey(["email.read", "deploy"]); // "email.read\ndeploy"
 * ```
 */
export const sequenceKey = (tools: readonly string[]): string => tools.join("\n");
