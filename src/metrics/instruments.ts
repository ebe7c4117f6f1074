import {
  type Counter,
  createNoopMeter,
  type Histogram,
  type Meter,
  type ObservableUpDownCounter,
} from "@opentelemetry/api";
import { APPROVAL_BOUNDARIES, DECISION_BOUNDARIES, INSTRUMENTS } from "./names.js";

/** The instruments of one meter, made once. */
export interface Instruments {
  readonly calls: Counter;
  readonly decisionDuration: Histogram;
  readonly approvalDuration: Histogram;
  readonly anomalies: Counter;
  readonly suspended: ObservableUpDownCounter;
}

// The API's no-op meter hands out one shared instrument of each kind: a meter whose counter is that one records
// nothing, and the gate then builds no attributes at all.
const NOOP_COUNTER = createNoopMeter().createCounter(INSTRUMENTS.calls.name);

/** The instruments of `meter`, or `undefined` when it is the API's no-op meter (no SDK registered). */
export function instrumentsOf(meter: Meter): Instruments | undefined {
  const { calls, decisionDuration, approvalDuration, anomalies, suspended } = INSTRUMENTS;
  const counter = meter.createCounter(calls.name, { unit: calls.unit, description: calls.description });
  if (counter === NOOP_COUNTER) return undefined;
  return {
    calls: counter,
    decisionDuration: meter.createHistogram(decisionDuration.name, {
      unit: decisionDuration.unit,
      description: decisionDuration.description,
      advice: { explicitBucketBoundaries: DECISION_BOUNDARIES },
    }),
    approvalDuration: meter.createHistogram(approvalDuration.name, {
      unit: approvalDuration.unit,
      description: approvalDuration.description,
      advice: { explicitBucketBoundaries: APPROVAL_BOUNDARIES },
    }),
    anomalies: meter.createCounter(anomalies.name, { unit: anomalies.unit, description: anomalies.description }),
    suspended: meter.createObservableUpDownCounter(suspended.name, {
      unit: suspended.unit,
      description: suspended.description,
    }),
  };
}
