// toolgate: identity, least privilege, approvals and an OpenTelemetry audit trail for agent tool calls.

export type { CallBoundApprover, CallScope } from "./approval/call-bound.js";
export { callBoundApprover } from "./approval/call-bound.js";
export type { ConsoleApproverOptions } from "./approval/console.js";
export { consoleApprover } from "./approval/console.js";
export type { SessionGrant } from "./approval/grants.js";
export { hashArguments } from "./approval/hash.js";
export type { ApprovalQueue, QueueListener } from "./approval/queue.js";
export { queueApprover } from "./approval/queue.js";
// Approvals
export type { ApprovalDecision, ApprovalOutcome, ApprovalRequest, Approver } from "./approval/types.js";
export type { AuditEntry, AuditHead, AuditLink } from "./audit/chain.js";
// Audit
export { auditHash, GENESIS_HASH } from "./audit/chain.js";
export type { Redacted, Redactor } from "./audit/redact.js";
export { REDACTED, redact } from "./audit/redact.js";
export type { ToolgateErrorCode, ToolgateErrorDetails } from "./errors.js";
// Errors
export { isRefusal, isToolgateError, ToolgateError } from "./errors.js";
// The gate
export { createGate } from "./gate.js";
export type { Gate, GateOptions } from "./gate-api.js";
// Agents
export type { Agent, AgentOptions, DelegateOptions } from "./identity/agent.js";
export type { AgentRecord } from "./identity/inventory.js";
// Audit ledger: entries, chain, sinks, signed checkpoints, verification, OTLP transport, attestations
export type { AttestationClaims } from "./ledger/attestation/claims.js";
export type { MintAttestationOptions } from "./ledger/attestation/mint.js";
export { mintAttestation } from "./ledger/attestation/mint.js";
export type { AttestationResult, VerifyAttestationOptions } from "./ledger/attestation/verify-attestation.js";
export { verifyAttestation } from "./ledger/attestation/verify-attestation.js";
export type { Durability } from "./ledger/batch.js";
export { canonicalEntry } from "./ledger/canonical.js";
export type { LedgerClock } from "./ledger/clock.js";
export type { CallFacts, EntryLink, LedgerAgent, LedgerApproval, LedgerDecision } from "./ledger/entry.js";
export type { AuditFileOptions } from "./ledger/file/file-sink.js";
export { auditFile } from "./ledger/file/file-sink.js";
export { auditFilePaths } from "./ledger/file/paths.js";
export { entryHash, LEDGER_GENESIS_HASH } from "./ledger/hash.js";
export type { LedgerHead } from "./ledger/head.js";
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
export type { Appended, ChainedEntry, Ledger, LedgerOptions } from "./ledger/ledger.js";
export { createLedger } from "./ledger/ledger.js";
export type { MemorySink } from "./ledger/memory-sink.js";
export { memorySink } from "./ledger/memory-sink.js";
export type { LedgerProblem, LedgerRefusal } from "./ledger/problem.js";
export type { LedgerBatch, LedgerSink, SinkContext } from "./ledger/sink.js";
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
export type { AuditSink } from "./pipeline/record.js";
// Pipeline (custom stages)
export type { Next, Stage, ToolCall } from "./pipeline/types.js";
export type { ApprovalNeed, ApprovalStep, Decision, Effect } from "./policy/decision.js";
// Policy
export { definePolicy, loadPolicy, loadPolicyFile } from "./policy/define.js";
export { Policy } from "./policy/policy.js";
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
// Tools
export { defineTool } from "./tool/define.js";
export type { CallOptions, GuardedTool, SafeResult } from "./tool/guarded.js";
export { passthroughSchema } from "./tool/passthrough.js";
export type { Risk } from "./tool/risk.js";
export type { StandardSchemaV1 } from "./tool/standard-schema.js";
export type { AgentIdentity, Tool, ToolContext, ToolOptions } from "./tool/tool.js";
