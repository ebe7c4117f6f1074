import { type MeterProvider, metrics, type ObservableCallback } from "@opentelemetry/api";
import type { ApprovalOutcome } from "../approval/types.js";
import type { Clock } from "../internal/clock.js";
import type { CallState } from "../pipeline/types.js";
import { VERSION } from "../version.js";
import { BoundedNames } from "./bounded.js";
import { type CallOutcome, callAttributes } from "./call-attributes.js";
import { type Instruments, instrumentsOf } from "./instruments.js";
import { METRIC_ATTRIBUTES as A, OTHER } from "./names.js";
import { type SuspendedSource, suspendedCallback } from "./suspended.js";

/** Distinct tool names, and root agent names, one gate reports before the rest are `other`. */
export const MAX_REPORTED_NAMES = 200;

/**
 * @internal One monitor hit, as the anomaly counter records it: the part of an `Anomaly` (what `onAnomaly` hears)
 * whose values a policy bounds — the monitor's id and kind, its action, whether the action was taken (false in
 * shadow mode) and the root agent's name. An anomaly is passed as it is.
 */
export interface AnomalyMeasurement {
  readonly monitor: string;
  readonly kind: string;
  readonly action: string;
  readonly enforced: boolean;
  readonly root: string;
}

/**
 * @internal A gate's metrics. Instruments are made once per meter; with the API's no-op meter (no SDK, or none
 * given) every method returns before building anything. Without a `meterProvider` the global one is read at the
 * gate's first call (so a gate made at import time sees an SDK registered before the application's first call),
 * then never again: instruments are made once, as OpenTelemetry instrumentations make theirs.
 */
export class GateMetrics {
  #provider: MeterProvider | undefined;
  #instruments: Instruments | undefined;
  #open = true;
  readonly #clock: Clock;
  readonly #tools = new BoundedNames(MAX_REPORTED_NAMES);
  readonly #agents = new BoundedNames(MAX_REPORTED_NAMES);
  readonly #observe: ObservableCallback;

  constructor(provider: MeterProvider | undefined, clock: Clock, suspended: SuspendedSource) {
    this.#provider = provider;
    this.#clock = clock;
    this.#observe = suspendedCallback(suspended, this.#agents);
    if (provider) this.#bind(provider);
  }

  #bind(provider: MeterProvider): void {
    this.#provider = provider;
    this.#instruments = instrumentsOf(provider.getMeter("toolgate", VERSION));
    this.#instruments?.suspended.addCallback(this.#observe);
  }

  #current(): Instruments | undefined {
    if (this.#provider === undefined && this.#open) this.#bind(metrics.getMeterProvider());
    return this.#instruments;
  }

  /** When a call starts: its start time if metrics record, else `undefined` (and the call is not measured). */
  startedAt(): number | undefined {
    return this.#current() ? this.#clock.now() : undefined;
  }

  /**
   * A measured call ended: one count, and how long it took to decide. `defined` is false for a call of a tool
   * name the gate has no tool for (it is counted as `other`).
   */
  callEnded(call: CallState, outcome: CallOutcome, defined = true): void {
    const instruments = this.#instruments;
    if (call.startedAt === undefined || !instruments) return;
    const decidedAt = call.decidedAt ?? this.#clock.now();
    instruments.calls.add(1, callAttributes(call, outcome, defined ? this.#tools : OTHER, this.#agents));
    instruments.decisionDuration.record(Math.max(0, decidedAt - call.startedAt) / 1000, {
      [A.effect]: call.decision?.effect ?? "deny",
    });
  }

  /** A wait for approvers ended. */
  approvalEnded(outcome: ApprovalOutcome["status"], latencyMs: number): void {
    this.#current()?.approvalDuration.record(Math.max(0, latencyMs) / 1000, { [A.approvalOutcome]: outcome });
  }

  /** A monitor fired: one count. An anomaly listener, so it joins `onAnomaly` as it is. */
  readonly anomaly = (anomaly: AnomalyMeasurement): void => {
    this.#current()?.anomalies.add(1, {
      [A.monitor]: anomaly.monitor,
      [A.kind]: anomaly.kind,
      [A.action]: anomaly.action,
      [A.enforced]: anomaly.enforced,
      [A.agent]: this.#agents.of(anomaly.root),
    });
  };

  /** Stops observing: the meter no longer holds the gate. */
  close(): void {
    this.#open = false;
    this.#instruments?.suspended.removeCallback(this.#observe);
    this.#instruments = undefined;
  }
}
