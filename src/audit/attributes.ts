import type { Attributes, AttributeValue } from "@opentelemetry/api";
import type { Agent } from "../identity/agent.js";
import type { Tool } from "../tool/tool.js";
import {
  type ATTR_GEN_AI_AGENT_ID,
  type ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_CONVERSATION_ID,
  type ATTR_GEN_AI_OPERATION_NAME,
  type ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  type ATTR_GEN_AI_TOOL_NAME,
  type ATTR_GEN_AI_TOOL_TYPE,
  GEN_AI_OPERATION_EXECUTE_TOOL,
  TOOLGATE,
} from "./semconv.js";

type StartKey =
  | typeof ATTR_GEN_AI_OPERATION_NAME
  | typeof ATTR_GEN_AI_TOOL_NAME
  | typeof ATTR_GEN_AI_TOOL_CALL_ID
  | typeof ATTR_GEN_AI_TOOL_TYPE
  | typeof ATTR_GEN_AI_AGENT_ID
  | typeof ATTR_GEN_AI_AGENT_NAME
  | (typeof TOOLGATE)["agentOwner" | "toolRisk"];

/** The attributes an `execute_tool` span starts with (known before any stage runs, so samplers see them). */
export function startAttributes(
  agent: Agent,
  tool: Tool,
  callId: string,
  conversationId: string | undefined,
): Attributes {
  // Literal keys (tied to the names by `satisfies`): a computed key sends V8's object literal down a slow path.
  const attributes: Attributes = {
    "gen_ai.operation.name": GEN_AI_OPERATION_EXECUTE_TOOL,
    "gen_ai.tool.name": tool.name,
    "gen_ai.tool.call.id": callId,
    "gen_ai.tool.type": tool.type,
    "gen_ai.agent.id": agent.id,
    "gen_ai.agent.name": agent.name,
    "toolgate.agent.owner": agent.owner,
    "toolgate.tool.risk": tool.risk,
  } satisfies Record<StartKey, AttributeValue>;
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
