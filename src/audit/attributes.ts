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
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_EXECUTE_TOOL,
    [ATTR_GEN_AI_TOOL_NAME]: tool.name,
    [ATTR_GEN_AI_TOOL_CALL_ID]: callId,
    [ATTR_GEN_AI_TOOL_TYPE]: tool.type,
    [ATTR_GEN_AI_AGENT_ID]: agent.id,
    [ATTR_GEN_AI_AGENT_NAME]: agent.name,
    [TOOLGATE.agentOwner]: agent.owner,
    [TOOLGATE.toolRisk]: tool.risk,
  };
  // Only what is known: each attribute costs the SDK a copy, and an absent one says as much as an empty one.
  if (tool.description !== undefined) attributes[ATTR_GEN_AI_TOOL_DESCRIPTION] = tool.description;
  if (agent.version !== undefined) attributes[ATTR_GEN_AI_AGENT_VERSION] = agent.version;
  if (conversationId !== undefined) attributes[ATTR_GEN_AI_CONVERSATION_ID] = conversationId;
  if (agent.parentId !== undefined) {
    attributes[TOOLGATE.agentParentId] = agent.parentId;
    attributes[TOOLGATE.agentChain] = agent.chain as string[];
  }
  if (tool.tags.length > 0) attributes[TOOLGATE.toolTags] = tool.tags as string[];
  return attributes;
}
