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
  schema: 'declare const schema: import("zod").ZodObject<{ text: import("zod").ZodString }>;',
  store: 'declare const store: import("toolgate").Store;',
  ledger: 'declare const ledger: import("toolgate").Ledger;',
  entry: 'declare const entry: import("toolgate").LedgerEntry;',
  ledgerEntry: 'declare const ledgerEntry: import("toolgate").LedgerEntry;',
  facts: 'declare const facts: import("toolgate").CallFacts;',
  begin: 'declare const begin: import("toolgate").BeginInput;',
  argsHash: "declare const argsHash: string;",
  report: 'declare const report: import("toolgate").AuditReport;',
  key: 'declare const key: Awaited<ReturnType<typeof import("toolgate").generateAuditKey>>;',
  publicKey: 'declare const publicKey: import("node:crypto").KeyObject;',
  token: "declare const token: string;",
  span: 'declare const span: import("@opentelemetry/api").Span;',
  request: 'declare const request: import("toolgate").ApprovalRequest;',
  record: 'declare const record: import("toolgate").ApprovalRecord;',
  readFileSync: 'import { readFileSync } from "node:fs";',
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
  refuseTheCall: "declare function refuseTheCall(): void;",
  fake: "declare const fake: { at(ms: number, run: () => void): unknown; cancel(id: unknown): void };",
  log: "declare function log(...values: unknown[]): void;",
  url: "declare const url: string;",
};

// Every adapter file: the host's toolgate agent and the lookups its `identify` callbacks use.
const ADAPTERS = {
  bot: 'declare const bot: import("toolgate").Agent;',
  error: 'declare const error: import("toolgate").ToolgateError;',
  bridge: 'declare const bridge: import("toolgate/mcp-v2").Bridge;',
  audit: 'declare function audit(error: import("toolgate").ToolgateError): void;',
  agents: 'declare const agents: Map<string, import("toolgate").Agent>;',
  agentsByClientId: 'declare const agentsByClientId: Map<string, import("toolgate").Agent>;',
  agentsByUser: 'declare const agentsByUser: Map<string, import("toolgate").Agent>;',
  session: "declare const session: { threadId: string };",
  extra: 'declare const extra: import("toolgate/mcp").McpRequestExtra;',
  signal: "declare const signal: AbortSignal;",
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
  tools: 'declare const tools: import("ai").ToolSet;',
  rm: 'declare const rm: import("ai").Tool<{ path: string }, string>;',
  result: 'declare const result: Awaited<ReturnType<typeof import("ai").generateText>>;',
  OpenTelemetry: 'import { OpenTelemetry } from "@ai-sdk/otel";',
  trace: 'import { trace } from "@opentelemetry/api";',
};

const OPENAI_AGENTS = {
  Agent: 'import { Agent } from "@openai/agents";',
  run: 'import { run } from "@openai/agents";',
  model: "declare const model: string;",
  weather: 'declare const weather: import("@openai/agents").FunctionTool;',
  refund: 'declare const refund: import("@openai/agents").FunctionTool;',
  deploy: 'declare const deploy: import("@openai/agents").FunctionTool;',
  guardTools: 'import { guardTools } from "toolgate/openai-agents";',
  tool: 'import { tool } from "@openai/agents";',
  execute: "declare function execute(input: { city: string }): Promise<string>;",
  filesServer: 'declare const filesServer: import("@openai/agents").MCPServer;',
  approvals: 'declare const approvals: import("toolgate/openai-agents").RunApproval;',
};

const LANGCHAIN = {
  createAgent: 'import { createAgent } from "langchain";',
  model: "declare const model: string;",
  tools: 'declare const tools: import("@langchain/core/tools").StructuredToolInterface[];',
  deleteFile: 'declare const deleteFile: import("@langchain/core/tools").StructuredTool;',
  readFile: 'declare const readFile: import("@langchain/core/tools").StructuredTool;',
  toolgateMiddleware: 'import { toolgateMiddleware } from "toolgate/langchain";',
  hitl: 'declare const hitl: import("toolgate/langchain").HitlApproval;',
  interrupt: 'import { interrupt } from "@langchain/langgraph";',
};

const MASTRA = {
  Agent: 'import { Agent } from "@mastra/core/agent";',
  model: 'declare const model: import("@mastra/core/agent").AgentConfig["model"];',
  instructions: "declare const instructions: string;",
  weather: 'declare const weather: ReturnType<typeof import("@mastra/core/tools").createTool>;',
  deploy: 'declare const deploy: ReturnType<typeof import("@mastra/core/tools").createTool>;',
  guardTools: 'import { guardTools } from "toolgate/mastra";',
};

const MCP = {
  mcpClient: 'declare const mcpClient: import("@modelcontextprotocol/sdk/client/index.js").Client;',
  server: 'declare const server: import("@modelcontextprotocol/sdk/server/mcp.js").McpServer;',
  agentsByClient: 'declare const agentsByClient: Map<string, import("toolgate").Agent>;',
};

const MCP_V2 = {
  mcpClient: 'declare const mcpClient: import("@modelcontextprotocol/client").Client;',
  server: 'declare const server: import("@modelcontextprotocol/server").McpServer;',
  guardServer: 'import { guardServer } from "toolgate/mcp-v2";',
  identify:
    'declare function identify(ctx: import("@modelcontextprotocol/server").ServerContext): import("toolgate").Agent | undefined;',
  createMcpHandler: 'import { createMcpHandler } from "@modelcontextprotocol/server";',
  makeServer: 'declare function makeServer(): import("@modelcontextprotocol/server").McpServer;',
};

// In the ledger's own files an example's `input` is an entry to append, as a caller of the ledger holds one.
const LEDGER = {
  input: 'declare const input: import("toolgate").EntryInput;',
  chained: 'declare const chained: import("toolgate").ChainedEntry;',
  signingKey: 'declare const signingKey: import("node:crypto").KeyObject;',
  callId: "declare const callId: string;",
  beginSeq: "declare const beginSeq: number;",
  appendFile: 'import { appendFile } from "node:fs/promises";',
  lastRow: 'declare function lastRow(): Promise<import("toolgate").LedgerEntry | undefined>;',
  insertRows: 'declare function insertRows(entries: readonly import("toolgate").LedgerEntry[]): Promise<void>;',
  text: "declare const text: string;",
  storedHead: 'declare const storedHead: import("toolgate").LedgerHead;',
};

// The pipeline's stages are internal: their examples show how the gate assembles them, from its own parts.
const PIPELINE = {
  plan: 'declare const plan: import("../src/pipeline/admit.js").AdmissionPlan;',
  audit: 'declare const audit: import("../src/pipeline/audit-settings.js").AuditSettings;',
  approvers: 'declare const approvers: ReadonlyMap<string, import("toolgate").Approver>;',
  decide: 'declare const decide: import("../src/pipeline/authorize.js").AuthorizeOptions["decide"];',
  attest: 'declare const attest: import("../src/pipeline/attest.js").Attest;',
  counters: 'declare const counters: Record<"allowed" | "denied" | "failed", number>;',
};

const SCOPED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "README.md#vercel ai sdk — `toolgate/ai`": AI_SDK,
  "src/adapters/ai.ts": AI_SDK,
  "src/adapters/ai-approval.ts": AI_SDK,
  "src/adapters/ai-telemetry.ts": AI_SDK,
  "README.md#openai agents — `toolgate/openai-agents`": OPENAI_AGENTS,
  "src/adapters/openai-agents.ts": OPENAI_AGENTS,
  "src/adapters/openai-agents-approval.ts": OPENAI_AGENTS,
  "src/adapters/openai-agents-agent.ts": OPENAI_AGENTS,
  "README.md#langchain — `toolgate/langchain`": LANGCHAIN,
  "src/adapters/langchain.ts": LANGCHAIN,
  "src/adapters/langchain-tool.ts": LANGCHAIN,
  "src/adapters/langchain-hitl.ts": LANGCHAIN,
  "src/adapters/langchain-interrupt.ts": LANGCHAIN,
  "src/adapters/mastra.ts": MASTRA,
  "src/adapters/mastra-approval.ts": MASTRA,
  "README.md#mcp — `toolgate/mcp`": MCP,
  "src/adapters/mcp.ts": MCP,
  "src/adapters/mcp-client.ts": MCP,
  "src/adapters/mcp-server.ts": MCP,
  "src/adapters/mcp-v2.ts": MCP_V2,
  "src/adapters/mcp-v2-client.ts": MCP_V2,
  "src/adapters/mcp-v2-server.ts": MCP_V2,
  "src/adapters/mcp-v2-approval.ts": MCP_V2,
};

/** The givens for a snippet's scope (`src/x.ts` or `README.md#heading`): the global ones, then the scope's. */
export function givensFor(scope: string): {
  scoped: Readonly<Record<string, string>>;
  global: Readonly<Record<string, string>>;
} {
  const byFolder = scope.startsWith("src/ledger/")
    ? LEDGER
    : scope.startsWith("src/pipeline/")
      ? PIPELINE
      : scope.startsWith("src/adapters/")
        ? ADAPTERS
        : {};
  const scoped = { ...byFolder, ...SCOPED[scope] };
  return { scoped, global: GLOBAL };
}
