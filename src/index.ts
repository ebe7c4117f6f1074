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
export type { ToolgateErrorCode, ToolgateErrorDetails } from "./errors.js";
// Errors
export { isRefusal, isToolgateError, ToolgateError } from "./errors.js";
// The gate
export { createGate } from "./gate.js";
export type { Gate, GateOptions } from "./gate-api.js";
// Agents
export type { Agent, AgentOptions, DelegateOptions } from "./identity/agent.js";
export type { AgentRecord } from "./identity/inventory.js";
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
export type { HiddenValue, Redacted, Redactor } from "./redact/index.js";
export { countMarkers, redact, redactionMarker, redactText, reveal, secretKeyKind } from "./redact/index.js";
// Tools
export { defineTool } from "./tool/define.js";
export type { CallOptions, GuardedTool, SafeResult } from "./tool/guarded.js";
export { passthroughSchema } from "./tool/passthrough.js";
export type { Risk } from "./tool/risk.js";
export type { StandardSchemaV1 } from "./tool/standard-schema.js";
export type { AgentIdentity, Tool, ToolContext, ToolOptions } from "./tool/tool.js";
