// toolgate: identity, least privilege, approvals and an OpenTelemetry audit trail for agent tool calls.

// Approvals
export type { CallBoundApprover, CallScope } from "./approval/call-bound.js";
export { callBoundApprover } from "./approval/call-bound.js";
export type { ConsoleApproverOptions } from "./approval/console.js";
export { consoleApprover } from "./approval/console.js";
export type { SessionGrant } from "./approval/grants.js";
export { hashArguments } from "./approval/hash.js";
export type { ApprovalQueue, QueueListener } from "./approval/queue.js";
export { queueApprover } from "./approval/queue.js";
export type { ApprovalDecision, ApprovalOutcome, ApprovalRequest, Approver } from "./approval/types.js";
// Audit
export type { AuditEntry, AuditHead, AuditLink } from "./audit/chain.js";
export { auditHash, GENESIS_HASH } from "./audit/chain.js";
export type { Redacted, Redactor } from "./audit/redact.js";
export { REDACTED, redact } from "./audit/redact.js";
// Errors
export type { ToolgateErrorCode, ToolgateErrorDetails } from "./errors.js";
export { isRefusal, isToolgateError, ToolgateError } from "./errors.js";
// The gate
export { createGate } from "./gate/create.js";
export type { Gate, GateOptions } from "./gate/types.js";
// Agents
export type { Agent, AgentOptions, DelegateOptions } from "./identity/agent.js";
export type { AgentRecord } from "./identity/inventory.js";
// State: the store every gate keeps its state in
export type { Clock } from "./internal/clock.js";
export { systemClock } from "./internal/clock.js";
export type { AuditSink } from "./pipeline/record.js";
// Pipeline (custom stages)
export type { Next, Stage, ToolCall, ToolInfo } from "./pipeline/types.js";
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
export type { AgentRegistration, AgentStore, StoredAgent } from "./store/agents.js";
export type { ApprovalRecord, ApprovalStatus, ApprovalStore, Denial } from "./store/approvals.js";
export type { GrantStore, NewGrant } from "./store/grants.js";
export type { MemoryStoreOptions } from "./store/memory/index.js";
export { memoryStore } from "./store/memory/index.js";
export type { SuspensionChange, SuspensionStore } from "./store/suspensions.js";
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
// Tools
export { defineTool } from "./tool/define.js";
export type { CallOptions, GuardedTool, SafeResult } from "./tool/guarded.js";
export { passthroughSchema } from "./tool/passthrough.js";
export type { Risk } from "./tool/risk.js";
export type { StandardSchemaV1 } from "./tool/standard-schema.js";
export type { AgentIdentity, Tool, ToolContext, ToolOptions } from "./tool/tool.js";
