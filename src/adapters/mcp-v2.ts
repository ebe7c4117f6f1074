// toolgate/mcp-v2: gate MCP tool calls on either side of the connection, for the MCP TypeScript SDK 2.x
// (`@modelcontextprotocol/server` and `@modelcontextprotocol/client`, its optional peers; the 2026-07-28
// protocol: stateless requests, multi round-trip calls). For the 1.x SDK, see toolgate/mcp.

export type { Bridge, BridgeOptions, FrameworkDecision, Verdict } from "./core/bridge.js";
export { MCP_ATTESTATION_META_KEY, type RequiredAttestation } from "./mcp-attestation.js";
export type { Identified } from "./mcp-identify.js";
export { MCP_AGENT_ID_META_KEY, refusalResult, riskFromAnnotations } from "./mcp-shared.js";
export {
  createElicitationApproval,
  type ElicitationApproval,
  type ElicitationApprovalOptions,
} from "./mcp-v2-approval.js";
export { type GuardClientOptions, guardClient } from "./mcp-v2-client.js";
export { type GuardServerOptions, guardFactory, guardServer } from "./mcp-v2-server.js";
export type { RequestStateKey } from "./mcp-v2-state.js";
