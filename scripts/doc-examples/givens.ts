// The identifiers examples assume without declaring (a gate, an agent, a framework's model), each with its
// type or its import. A given is added only to a snippet that uses it and does not declare it itself; scoped
// givens apply to one source file or README section (by heading), where a name means a framework's thing.
const GLOBAL: Readonly<Record<string, string>> = {
  gate: 'declare const gate: import("toolgate").Gate;',
  agent: 'declare const agent: import("toolgate").Agent;',
  policy: 'declare const policy: import("toolgate").Policy;',
  guarded: 'declare const guarded: import("toolgate").GuardedTool;',
  input: "declare const input: unknown;",
  tracing: 'declare const tracing: import("toolgate/otel").Tracing;',
  z: 'import { z } from "zod";',
  // Placeholders for the host application's own code.
  askOnSlack: "declare function askOnSlack(request: unknown, signal: AbortSignal): Promise<boolean>;",
  askTheUser: "declare function askTheUser(): void;",
  postToChat: "declare function postToChat(request: unknown, signal: AbortSignal): void;",
  postToSlack: "declare function postToSlack(request: unknown, signal: AbortSignal): void;",
  requestId: "declare const requestId: string;",
  isFreezeWindow: "declare function isFreezeWindow(): boolean;",
  askSlack:
    'declare function askSlack(request: unknown, signal: AbortSignal): Promise<import("toolgate").ApprovalDecision>;',
  notify: "declare function notify(text: string): void;",
  log: "declare function log(...values: unknown[]): void;",
  url: "declare const url: string;",
};

const AI_SDK = {
  generateText: 'import { generateText } from "ai";',
  isStepCount: 'import { isStepCount } from "ai";',
  model: 'declare const model: import("ai").LanguageModel;',
  prompt: "declare const prompt: string;",
  weather: 'declare const weather: import("ai").Tool<{ city: string }, string>;',
  deleteFile: 'declare const deleteFile: import("ai").Tool<{ path: string }, string>;',
  refund: 'declare const refund: import("ai").Tool<{ orderId: string; amount: number }, string>;',
  messages: 'declare const messages: import("ai").ModelMessage[];',
  guardTools: 'import { guardTools } from "toolgate/ai";',
};

const OPENAI_AGENTS = {
  Agent: 'import { Agent } from "@openai/agents";',
  run: 'import { run } from "@openai/agents";',
  model: "declare const model: string;",
  weather: 'declare const weather: import("@openai/agents").FunctionTool;',
  refund: 'declare const refund: import("@openai/agents").FunctionTool;',
  deploy: 'declare const deploy: import("@openai/agents").FunctionTool;',
  guardTools: 'import { guardTools } from "toolgate/openai-agents";',
};

const LANGCHAIN = {
  createAgent: 'import { createAgent } from "langchain";',
  model: "declare const model: string;",
  tools: 'declare const tools: import("@langchain/core/tools").StructuredToolInterface[];',
  deleteFile: 'declare const deleteFile: import("@langchain/core/tools").StructuredTool;',
  readFile: 'declare const readFile: import("@langchain/core/tools").StructuredTool;',
};

const MCP = {
  mcpClient: 'declare const mcpClient: import("@modelcontextprotocol/sdk/client/index.js").Client;',
  server: 'declare const server: import("@modelcontextprotocol/sdk/server/mcp.js").McpServer;',
  agentsByClient: 'declare const agentsByClient: Map<string, import("toolgate").Agent>;',
};

const SCOPED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "README.md#vercel ai sdk — `toolgate/ai`": AI_SDK,
  "src/adapters/ai.ts": AI_SDK,
  "src/adapters/ai-approval.ts": AI_SDK,
  "README.md#openai agents — `toolgate/openai-agents`": OPENAI_AGENTS,
  "src/adapters/openai-agents.ts": OPENAI_AGENTS,
  "src/adapters/openai-agents-approval.ts": OPENAI_AGENTS,
  "README.md#langchain — `toolgate/langchain`": LANGCHAIN,
  "src/adapters/langchain.ts": LANGCHAIN,
  "README.md#mcp — `toolgate/mcp`": MCP,
  "src/adapters/mcp.ts": MCP,
  "src/adapters/mcp-client.ts": MCP,
  "src/adapters/mcp-server.ts": MCP,
};

/** The givens for a snippet's scope (`src/x.ts` or `README.md#heading`): the global ones, then the scope's. */
export function givensFor(scope: string): {
  scoped: Readonly<Record<string, string>>;
  global: Readonly<Record<string, string>>;
} {
  return { scoped: SCOPED[scope] ?? {}, global: GLOBAL };
}
