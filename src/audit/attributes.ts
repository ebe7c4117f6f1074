import type { Attributes } from "@opentelemetry/api";
import type { Agent } from "../identity/agent.js";
import type { Tool } from "../tool/tool.js";
import {
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  GEN_AI_OPERATION_EXECUTE_TOOL,
  TOOLGATE,
} from "./semconv.js";

/** The attributes an `execute_tool` span starts with (known before any stage runs, so samplers see them). */
export function startAttributes(
  agent: Agent,
  tool: Tool,
  callId: string,
  conversationId: string | undefined,
): Attributes {
  return {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_EXECUTE_TOOL,
    [ATTR_GEN_AI_TOOL_NAME]: tool.name,
    [ATTR_GEN_AI_TOOL_CALL_ID]: callId,
    [ATTR_GEN_AI_TOOL_TYPE]: tool.type,
    [ATTR_GEN_AI_TOOL_DESCRIPTION]: tool.description,
    [ATTR_GEN_AI_AGENT_ID]: agent.id,
    [ATTR_GEN_AI_AGENT_NAME]: agent.name,
    [ATTR_GEN_AI_AGENT_VERSION]: agent.version,
    [ATTR_GEN_AI_CONVERSATION_ID]: conversationId,
    [TOOLGATE.agentOwner]: agent.owner,
    [TOOLGATE.agentParentId]: agent.parentId,
    [TOOLGATE.agentChain]: agent.chain as string[],
    [TOOLGATE.toolRisk]: tool.risk,
    [TOOLGATE.toolTags]: tool.tags as string[],
  };
}
