// toolgate: identity, least privilege, approvals and an OpenTelemetry audit trail for agent tool calls.
// Grouped by role, in reading order (Biome's import sorting is off for this file, see biome.jsonc).

// The gate
export { createGate } from "./gate/create.js";
export type { AuditOptions, Gate, GateOptions } from "./gate/types.js";

// Agents
export type { Agent, AgentOptions, DelegateOptions } from "./identity/agent.js";
export type { AgentRecord } from "./identity/inventory.js";

// Tools
export { defineTool } from "./tool/define.js";
export type { CallOptions, GuardedTool, SafeResult } from "./tool/guarded.js";
export { passthroughSchema } from "./tool/passthrough.js";
export type { Risk } from "./tool/risk.js";
export type { StandardSchemaV1 } from "./tool/standard-schema.js";
export type { AgentIdentity, Tool, ToolContext, ToolOptions } from "./tool/tool.js";

// Policy
export { definePolicy, loadPolicy, loadPolicyFile } from "./policy/define.js";
export { Policy } from "./policy/policy.js";
export type { ApprovalNeed, ApprovalStep, Decision, Effect, Mode, ShadowDecision } from "./policy/decision.js";
export type {
  ApprovalSpec,
  CallSelector,
  Condition,
  Duration,
  FlowDefinition,
  LimitDefinition,
  PolicyDefinition,
  Primitive,
  RuleDefinition,
} from "./policy/types.js";

// Presets: policy fragments for the seed's chain, the lethal trifecta and the audit trail, on conventional tags
export { presets } from "./presets/index.js";
export { withPresets } from "./presets/merge.js";
export type { PolicyPreset } from "./presets/preset.js";
export type { ConventionalTag } from "./presets/tags.js";
export { TAGS } from "./presets/tags.js";

// Monitors: anomaly detectors in the policy (`monitors:`), what a hit reports, and baselines from trails
export type {
  DenialsMonitor,
  FanOutMonitor,
  FirstUseMonitor,
  MonitorAction,
  MonitorCommon,
  MonitorDefinition,
  RateMonitor,
  SequenceMonitor,
} from "./policy/types.js";
export type { Anomaly, AnomalyListener } from "./monitor/anomaly.js";
export { ANOMALY_EVENT } from "./monitor/anomaly.js";
export type { MonitorBaseline } from "./monitor/baseline.js";
export { baselineOf } from "./monitor/baseline.js";
export type { BaselineOptions } from "./monitor/baseline-trail.js";
export { loadBaseline } from "./monitor/baseline-trail.js";

// Policy tooling: lint, explain, decision tests (what the toolgate command runs)
export type { LintCode, LintFinding, LintOptions } from "./policy/lint.js";
export { lintPolicy } from "./policy/lint.js";
export type { ExplainedCall, FieldExplanation, PolicyExplanation, RuleExplanation } from "./policy/explain.js";
export { explainPolicy } from "./policy/explain.js";
export type { PolicyTestReport, PolicyTestResult } from "./cli/policy-tests/run.js";
export { runPolicyTests } from "./cli/policy-tests/run.js";

// Trails: what the toolgate command reads — ledger JSONL (rotated sets) and OTLP JSON exports, streaming, each
// verified in the same pass — to verify a trail, generate a least-privilege policy, replay a candidate, list agents
export type { TrailOptions, TrailRead } from "./cli/trail/pass.js";
export type { StreamAuditReport } from "./cli/verify/stream-verifier.js";
export type { TrailAuditReport } from "./cli/verify/verify-files.js";
export { verifyAuditFiles } from "./cli/verify/verify-files.js";
export type { GeneratedPolicy, GeneratePolicyOptions } from "./cli/generate/generate.js";
export type { GeneratedRule, NotGranted, RuleSource } from "./cli/generate/build.js";
export type { DerivedField } from "./cli/generate/derive.js";
export { generatePolicy } from "./cli/generate/generate.js";
export type { ReplayChange } from "./cli/replay/compare.js";
export type { ReplayedCall, ReplaySummaryRow } from "./cli/replay/tally.js";
export type { ShadowSummaryRow } from "./cli/replay/shadow-tally.js";
export type { ReplayReport } from "./cli/replay/report.js";
export { replayTrail } from "./cli/replay/replay.js";
export type { InventoryAgent, InventorySuspension } from "./cli/inventory/agents.js";
export type { TrailInventory } from "./cli/inventory/inventory.js";
export { trailInventory } from "./cli/inventory/inventory.js";

// Approvals
export type { ApprovalDecision, ApprovalOutcome, ApprovalRequest, Approver } from "./approval/types.js";
export type { ConsoleApproverOptions } from "./approval/console.js";
export { consoleApprover } from "./approval/console.js";
export type { ApprovalQueue, QueueListener } from "./approval/queue.js";
export { queueApprover } from "./approval/queue.js";
export type { CallBoundApprover, CallScope } from "./approval/call-bound.js";
export { callBoundApprover } from "./approval/call-bound.js";
export type { SessionGrant } from "./approval/grants.js";
export { hashArguments } from "./approval/hash.js";

// Pipeline (custom stages)
export type { Next, Stage, ToolCall, ToolInfo } from "./pipeline/types.js";
export type { AttestOptions } from "./pipeline/attest.js";

// State: the store a gate keeps its state in, and the clock it measures durations on
export type { Clock } from "./internal/clock.js";
export { systemClock } from "./internal/clock.js";
export type { MemoryStoreOptions } from "./store/memory/index.js";
export { memoryStore } from "./store/memory/index.js";
export type {
  Admission,
  AdmitRequest,
  ChainMember,
  FlowDraw,
  FlowMark,
  LimitDraw,
  Settlement,
  Store,
  StoredGrant,
  Suspension,
  SuspensionTarget,
} from "./store/types.js";
export type { AgentRegistration, AgentStore, StoredAgent } from "./store/agents.js";
export type { ApprovalRecord, ApprovalStatus, ApprovalStore, Denial } from "./store/approvals.js";
export type { GrantStore, NewGrant } from "./store/grants.js";
export type { OnceStore, OnceTaken } from "./store/once.js";
export type { SuspensionChange, SuspensionStore } from "./store/suspensions.js";
export type {
  MonitorDraw,
  MonitorObservation,
  MonitorReading,
  MonitorResult,
  MonitorSettlement,
  MonitorStore,
} from "./store/monitors.js";

// Redaction (what spans, the ledger and approvers see of a value)
export type { HiddenValue, Redacted, Redactor } from "./redact/index.js";
export { countMarkers, redact, redactionMarker, redactText, reveal, secretKeyKind } from "./redact/index.js";

// Audit ledger: entries, chain, sinks, signed checkpoints, verification, OTLP transport, attestations
export type { Appended, ChainedEntry, Ledger, LedgerOptions } from "./ledger/ledger.js";
export { createLedger } from "./ledger/ledger.js";
export type { LedgerBatch, LedgerSink, SinkContext } from "./ledger/sink.js";
export type { AuditFileOptions } from "./ledger/file/file-sink.js";
export { auditFile } from "./ledger/file/file-sink.js";
export { auditFilePaths } from "./ledger/file/paths.js";
export type { MemorySink } from "./ledger/memory-sink.js";
export { memorySink } from "./ledger/memory-sink.js";
export type { AuditKeyInput, AuditKeyPair } from "./ledger/keys.js";
export { auditKeyId, generateAuditKey } from "./ledger/keys.js";
export type {
  BeginEntry,
  BeginInput,
  CheckpointEntry,
  CheckpointInput,
  EndEntry,
  EndInput,
  EntryInput,
  EventEntry,
  EventInput,
  GapEntry,
  GapInput,
  LedgerEntry,
  RefusalEntry,
  RefusalInput,
} from "./ledger/kinds.js";
export type {
  CallFacts,
  EntryLink,
  LedgerAgent,
  LedgerApproval,
  LedgerDecision,
  LedgerShadow,
} from "./ledger/entry.js";
export type { Durability } from "./ledger/batch.js";
export type { LedgerClock } from "./ledger/clock.js";
export type { LedgerHead } from "./ledger/head.js";
export { canonicalEntry } from "./ledger/canonical.js";
export { entryHash, LEDGER_GENESIS_HASH } from "./ledger/hash.js";
export { LEDGER_FORMAT_VERSION } from "./ledger/version.js";
export type { LedgerProblem, LedgerRefusal } from "./ledger/problem.js";
export { AUDIT_SPAN, auditSpanAttributes, auditSpanEvent } from "./ledger/span.js";
export type { AuditInput } from "./ledger/verify/input.js";
export type {
  AuditChainSummary,
  AuditFinding,
  AuditFindingKind,
  AuditReport,
  VerifyAuditOptions,
} from "./ledger/verify/report.js";
export { verifyAudit } from "./ledger/verify/verify.js";
export type { AttestationClaims } from "./ledger/attestation/claims.js";
export type { MintAttestationOptions } from "./ledger/attestation/mint.js";
export { mintAttestation } from "./ledger/attestation/mint.js";
export type { AttestationResult, VerifyAttestationOptions } from "./ledger/attestation/verify-attestation.js";
export { verifyAttestation } from "./ledger/attestation/verify-attestation.js";

// Errors
export type { ToolgateErrorCode, ToolgateErrorDetails } from "./errors.js";
export { isRefusal, isToolgateError, ToolgateError } from "./errors.js";
