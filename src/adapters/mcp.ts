// toolgate/mcp: gate MCP tool calls on either side of the connection, for the MCP TypeScript SDK 1.x
// (`@modelcontextprotocol/sdk`, its peer dependency). For the 2.x packages, see toolgate/mcp-v2.

export { MCP_ATTESTATION_META_KEY, type RequiredAttestation } from "./mcp-attestation.js";
export { type GuardClientOptions, guardClient } from "./mcp-client.js";
export type { Identified } from "./mcp-identify.js";
export { type GuardServerOptions, guardServer, type McpRequestExtra } from "./mcp-server.js";
export { MCP_AGENT_ID_META_KEY, refusalResult, riskFromAnnotations } from "./mcp-shared.js";
