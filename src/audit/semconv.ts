// OpenTelemetry GenAI semantic-convention names, copied rather than imported from the incubating entry
// point of @opentelemetry/semantic-conventions, whose exports may change between minor versions.

export const ATTR_GEN_AI_OPERATION_NAME = "gen_ai.operation.name";
export const GEN_AI_OPERATION_EXECUTE_TOOL = "execute_tool";
export const ATTR_GEN_AI_TOOL_NAME = "gen_ai.tool.name";
export const ATTR_GEN_AI_TOOL_CALL_ID = "gen_ai.tool.call.id";
export const ATTR_GEN_AI_TOOL_TYPE = "gen_ai.tool.type";
export const ATTR_GEN_AI_TOOL_DESCRIPTION = "gen_ai.tool.description";
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = "gen_ai.tool.call.arguments";
export const ATTR_GEN_AI_TOOL_CALL_RESULT = "gen_ai.tool.call.result";
export const ATTR_GEN_AI_AGENT_ID = "gen_ai.agent.id";
export const ATTR_GEN_AI_AGENT_NAME = "gen_ai.agent.name";
export const ATTR_GEN_AI_AGENT_VERSION = "gen_ai.agent.version";
export const ATTR_GEN_AI_CONVERSATION_ID = "gen_ai.conversation.id";
export const ATTR_ERROR_TYPE = "error.type";
/** The id a JSON-RPC client (an MCP client) gave its request, as the MCP semantic conventions name it. */
export const ATTR_JSONRPC_REQUEST_ID = "jsonrpc.request.id";

/** toolgate's own attributes, all under `toolgate.`. */
export const TOOLGATE = {
  agentOwner: "toolgate.agent.owner",
  agentParentId: "toolgate.agent.parent_id",
  agentChain: "toolgate.agent.chain",
  toolRisk: "toolgate.tool.risk",
  toolTags: "toolgate.tool.tags",
  decisionEffect: "toolgate.decision.effect",
  decisionRule: "toolgate.decision.rule",
  decisionReason: "toolgate.decision.reason",
  /** What enforcement would have decided (shadow mode, or shadow rules that differ): effect, rule, reason, by. */
  decisionShadowEffect: "toolgate.decision.shadow.effect",
  decisionShadowRule: "toolgate.decision.shadow.rule",
  decisionShadowReason: "toolgate.decision.shadow.reason",
  /** Whose mode left the call unenforced: `gate`, `agent` or `rule`. */
  decisionShadowBy: "toolgate.decision.shadow.by",
  outcome: "toolgate.outcome",
  limits: "toolgate.limit.ids",
  redactions: "toolgate.redaction.count",
  argsHash: "toolgate.args_hash",
  auditSeq: "toolgate.audit.seq",
  auditHash: "toolgate.audit.hash",
  auditPrevHash: "toolgate.audit.prev_hash",
} as const;

/** toolgate's approval attributes and span events. */
export const TOOLGATE_APPROVAL = {
  required: "toolgate.approval.required",
  approvers: "toolgate.approval.approvers",
  outcome: "toolgate.approval.outcome",
  by: "toolgate.approval.by",
  latencyMs: "toolgate.approval.latency_ms",
  argsHash: "toolgate.approval.args_hash",
  requestId: "toolgate.approval.request_id",
  approver: "toolgate.approval.approver",
  reason: "toolgate.approval.reason",
  grantId: "toolgate.approval.grant_id",
  grantExpiresAt: "toolgate.approval.grant_expires_at",
  requestedEvent: "toolgate.approval.requested",
  answeredEvent: "toolgate.approval.answered",
  grantedEvent: "toolgate.approval.granted",
  revealedEvent: "toolgate.approval.revealed",
} as const;
