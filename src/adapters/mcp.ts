// toolgate/mcp: gate MCP tool calls on either side of the connection. Peer dependency: @modelcontextprotocol/sdk.
export {
  type GuardClientOptions,
  guardClient,
  MCP_AGENT_ID_META_KEY,
  refusalResult,
  riskFromAnnotations,
} from "./mcp-client.js";
export { type GuardServerOptions, guardServer, type Identified, type McpRequestExtra } from "./mcp-server.js";
