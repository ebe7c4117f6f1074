import { printableLines } from "../internal/printable.js";
import { type AuditSettings, recorded } from "../pipeline/audit-settings.js";
import { carry } from "../pipeline/begin.js";
import type { CallState } from "../pipeline/types.js";
import type { MonitorAction, MonitorDefinition } from "../policy/types.js";
import type { AgentIdentity } from "../tool/tool.js";
import type { Hit } from "./hits.js";

/**
 * One monitor firing on one call, as the `onAnomaly` hook, the `toolgate.anomaly` span event and the ledger's
 * `anomaly` event tell it. `detail` names tools, tags and fields, never an input value.
 *
 * @example
 * ```ts
 * const gate = createGate({
 *   policy,
 *   onAnomaly: (anomaly: Anomaly) => console.warn(`${anomaly.monitor}: ${anomaly.detail} → ${anomaly.action}`),
 * });
 * ```
 */
export interface Anomaly {
  /** The monitor's id. */
  readonly monitor: string;
  readonly kind: MonitorDefinition["kind"];
  readonly action: MonitorAction;
  /** False in shadow mode: the action is what would have been done, and was not. */
  readonly enforced: boolean;
  /** What the monitor saw: calls, refusals or distinct values in the window (at most threshold + 1), or new items. */
  readonly observed: number;
  /** What it allows: `max` for the counting kinds, 0 for `first-use` and `sequence`. */
  readonly threshold: number;
  readonly detail: string;
  /** The agent that made the call (a delegate, perhaps). */
  readonly agent: AgentIdentity;
  /** The root agent's name: whose state the monitor counts in, and whom `suspend` suspends. */
  readonly root: string;
  readonly tool: string;
  readonly callId: string;
  /** Wall time, ISO 8601. */
  readonly at: string;
}

/**
 * Hears every anomaly; what it throws or rejects with is contained (a warning), never the call's failure.
 *
 * @example
 * ```ts
 * const page: AnomalyListener = (anomaly) => { if (anomaly.action === "suspend") notify(anomaly.detail); };
 * ```
 */
export type AnomalyListener = (anomaly: Anomaly) => unknown;

/**
 * The `toolgate.anomaly` span event: its name and attribute keys (the attributes are low-cardinality: no agent
 * id, no input value).
 *
 * @example
 * ```ts
 * const event = { name: "toolgate.anomaly", attributes: { "toolgate.anomaly.monitor": "burst" } };
 * if (event.name === ANOMALY_EVENT.name) console.log(event.attributes[ANOMALY_EVENT.monitor]);
 * ```
 */
export const ANOMALY_EVENT = {
  name: "toolgate.anomaly",
  monitor: "toolgate.anomaly.monitor",
  kind: "toolgate.anomaly.kind",
  action: "toolgate.anomaly.action",
  enforced: "toolgate.anomaly.enforced",
  observed: "toolgate.anomaly.observed",
  threshold: "toolgate.anomaly.threshold",
  detail: "toolgate.anomaly.detail",
} as const;

/** The anomaly a hit makes of a call. */
export function anomalyOf(call: CallState, hit: Hit, enforced: boolean, wallMs: number): Anomaly {
  const { monitor } = hit;
  return Object.freeze({
    ...{ monitor: monitor.id, kind: monitor.kind, action: monitor.action, enforced },
    ...{ observed: hit.observed, threshold: hit.threshold, detail: hit.detail },
    ...{ agent: call.agent.identity, root: call.agent.rootName, tool: call.tool.name, callId: call.callId },
    at: new Date(wallMs).toISOString(),
  });
}

function tell(listeners: readonly AnomalyListener[], anomaly: Anomaly): void {
  const warn = (error: unknown) =>
    process.emitWarning(
      printableLines(`toolgate: an onAnomaly listener failed: ${(error as Error)?.message ?? String(error)}`),
    );
  for (const listener of listeners) {
    try {
      const result = listener(anomaly);
      if (result instanceof Promise) result.catch(warn);
    } catch (error) {
      warn(error);
    }
  }
}

/** Puts an anomaly on record — the call's span, the ledger (an `event` named `anomaly`) — and tells the listeners. */
export function recordAnomaly(
  audit: AuditSettings,
  listeners: readonly AnomalyListener[],
  call: CallState,
  anomaly: Anomaly,
): void {
  const { span } = call;
  if (span.isRecording()) {
    span.addEvent(ANOMALY_EVENT.name, {
      [ANOMALY_EVENT.monitor]: anomaly.monitor,
      [ANOMALY_EVENT.kind]: anomaly.kind,
      [ANOMALY_EVENT.action]: anomaly.action,
      [ANOMALY_EVENT.enforced]: anomaly.enforced,
      [ANOMALY_EVENT.observed]: anomaly.observed,
      [ANOMALY_EVENT.threshold]: anomaly.threshold,
      [ANOMALY_EVENT.detail]: anomaly.detail,
    });
  }
  if (recorded(audit, span)) {
    const { agent, at, ...data } = anomaly;
    const appended = audit.ledger.append({ kind: "event", name: "anomaly", data: { ...data, agentId: agent.id } });
    if (appended.ok) carry(call, [...appended.alsoAppended, appended]);
  }
  tell(listeners, anomaly);
}
