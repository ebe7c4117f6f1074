// Instrument names, units and attribute keys, following the OpenTelemetry naming rules (semantic-conventions
// docs/general/naming.md and metrics.md): UCUM units with `{annotation}` for counts, seconds for durations,
// countable counters pluralised, up-down counters not, no `total` suffix. Attribute keys reuse the span's.
import { ATTR_GEN_AI_AGENT_NAME, ATTR_GEN_AI_TOOL_NAME, TOOLGATE, TOOLGATE_APPROVAL } from "../audit/semconv.js";

/** The instruments a gate records with, by role. */
export const INSTRUMENTS = {
  calls: { name: "toolgate.calls", unit: "{call}", description: "Guarded tool calls, by how they ended." },
  decisionDuration: {
    name: "toolgate.decision.duration",
    unit: "s",
    description: "Time from a call's start to its decision (validation, policy, admission), before any approval wait.",
  },
  approvalDuration: {
    name: "toolgate.approval.duration",
    unit: "s",
    description: "Time spent waiting for approvers, by how the wait ended.",
  },
  anomalies: { name: "toolgate.anomalies", unit: "{anomaly}", description: "Monitor hits, by monitor and action." },
  suspended: {
    name: "toolgate.agent.suspended",
    unit: "{agent}",
    description: "Live agents of this process (delegates included) that a suspension in force stops.",
  },
} as const;

/** Attribute keys of the measurements. */
export const METRIC_ATTRIBUTES = {
  tool: ATTR_GEN_AI_TOOL_NAME,
  agent: ATTR_GEN_AI_AGENT_NAME,
  outcome: TOOLGATE.outcome,
  effect: TOOLGATE.decisionEffect,
  rule: TOOLGATE.decisionRule,
  shadowEffect: TOOLGATE.decisionShadowEffect,
  shadowRule: TOOLGATE.decisionShadowRule,
  shadowBy: TOOLGATE.decisionShadowBy,
  approvalOutcome: TOOLGATE_APPROVAL.outcome,
  // The `toolgate.anomaly` span event's keys: a metric and the event it counts read alike.
  monitor: "toolgate.anomaly.monitor",
  kind: "toolgate.anomaly.kind",
  action: "toolgate.anomaly.action",
  enforced: "toolgate.anomaly.enforced",
} as const;

/** A decision takes microseconds in memory and a round trip with a shared store: 1 µs to 1 s. */
export const DECISION_BOUNDARIES = [
  0.000_001, 0.000_002_5, 0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005,
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
];

/** An approver is a program (fractions of a second) or a person (minutes, up to the 24 h timeout cap). */
export const APPROVAL_BOUNDARIES = [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1_800, 3_600, 14_400, 86_400];

/** The value a tool or agent name is reported as once the distinct names a gate reports reach the cap. */
export const OTHER = "other";
