import type { Clock } from "../internal/clock.js";
import type { AuditSettings } from "../pipeline/audit-settings.js";
import type { CallState } from "../pipeline/types.js";
import type { MonitorSettlement } from "../store/monitors.js";
import type { ChainMember, Store, Suspension, SuspensionTarget } from "../store/types.js";
import type { AnomalyListener } from "./anomaly.js";
import type { MonitorBaseline } from "./baseline.js";
import type { CompiledMonitor } from "./compile.js";
import type { Watchers } from "./watchers.js";

/** What monitoring needs from the gate. */
export interface MonitoringParts {
  readonly monitors: readonly CompiledMonitor[];
  readonly store: Store;
  readonly audit: AuditSettings;
  readonly clock: Clock;
  readonly baseline: MonitorBaseline | undefined;
  /** Told of every anomaly, in order: the `onAnomaly` option, and whatever the gate adds (metrics). */
  readonly listeners: readonly AnomalyListener[];
  /** The gate's kill switch (`gate.suspend`): the store, every replica, running calls, grants, the ledger. */
  readonly suspend: (target: SuspensionTarget, reason: string) => Promise<void>;
  /** The suspension that applies to a chain now, from the local view (a contained agent's refusals are not probing). */
  readonly suspended: (chain: readonly ChainMember[]) => Suspension | undefined;
  /** True for a call in shadow mode: its monitors count and record what they would do, and do nothing. */
  readonly shadow: (call: CallState) => boolean;
}

/** @internal Monitoring as the gate runs it: parts, the watchers of each agent and tool, and what calls taught. */
export interface Monitoring extends MonitoringParts {
  readonly watchers: (agent: CallState["agent"], tool: CallState["tool"]) => Watchers;
  /**
   * What a call's observation will teach the store if its tool starts, until it settles (every call that passed
   * the stage does, whatever its outcome; a Map, as a WeakMap entry per call costs the garbage collector more).
   */
  readonly lessons: Map<CallState, Pick<MonitorSettlement, "learn" | "sequences">>;
}
