// Examples that do not compile yet, in files this branch does not own (the lead fixes them after merging).
// Each is keyed by the line of the example's first line of code, with the error it had; the check stays on
// for every other example. An entry that compiles again fails the check until it is removed, so the list
// only shrinks. Most need a declaration the example assumes (write it in the example, or add a given).
export const ALLOWED_FAILURES: Readonly<Record<string, string>> = {
  "src/adapters/ai-approval.ts:24":
    "TS2304 Cannot find name 'result'.; TS7006 Parameter 'part' implicitly has an 'any' type.",
  "src/adapters/ai-approval.ts:39":
    "TS18004 No value exists in scope for the shorthand property 'rm'. Either declare one or pr",
  "src/adapters/ai.ts:13": "TS2304 Cannot find name 'tools'.",
  "src/adapters/langchain.ts:101": "TS2304 Cannot find name 'bot'.",
  "src/adapters/langchain.ts:165": "TS2304 Cannot find name 'bot'.",
  "src/adapters/mcp-client.ts:20": "TS2304 Cannot find name 'extra'.",
  "src/adapters/mcp-client.ts:45": "TS1108 A 'return' statement can only be used within a function body.",
  "src/adapters/mcp-client.ts:117": "TS2304 Cannot find name 'bot'.; TS2304 Cannot find name 'audit'.",
  "src/adapters/mcp-server.ts:36": "TS2304 Cannot find name 'agents'.",
  "src/adapters/mcp-server.ts:126": "TS2304 Cannot find name 'agentsByClientId'.",
  "src/adapters/openai-agents-approval.ts:9": "TS2304 Cannot find name 'approvals'.",
  "src/adapters/openai-agents.ts:60":
    "TS2304 Cannot find name 'tool'.; TS18004 No value exists in scope for the shorthand property 'execut",
  "src/adapters/refusal.ts:28": "TS2304 Cannot find name 'error'.",
  "src/approval/queue.ts:21": "TS2304 Cannot find name 'app'.; TS7006 Parameter 'req' implicitly has an 'any' type.",
  "src/audit/chain.ts:9": "TS2739 Type '{ agentId: string; tool: string; callId: string; effect: string; rule: string",
  "src/audit/chain.ts:53":
    "TS2304 Cannot find name 'prev'.; TS2304 Cannot find name 'link'.; TS2304 Cannot find name 'entry'.",
  "src/identity/agent.ts:56": "TS2304 Cannot find name 'refundTool'.",
  "src/pipeline/approve.ts:19": "TS2304 Cannot find name 'SessionGrants'.",
  "src/pipeline/approve.ts:113": "TS2304 Cannot find name 'SessionGrants'.",
  "src/pipeline/authorize.ts:24": "TS2304 Cannot find name 'evaluate'.",
  "src/pipeline/contain.ts:30": "TS2304 Cannot find name 'registry'.",
  "src/pipeline/flow.ts:101":
    "TS18004 No value exists in scope for the shorthand property 'tracker'. Either declare one ",
  "src/pipeline/limit.ts:83":
    "TS18004 No value exists in scope for the shorthand property 'limiter'. Either declare one ",
  "src/pipeline/record.ts:20": "TS2304 Cannot find name 'AuditChain'.",
  "src/pipeline/record.ts:39": "TS2304 Cannot find name 'appendFileSync'.",
  "src/pipeline/record.ts:103": "TS2304 Cannot find name 'AuditChain'.; TS2304 Cannot find name 'counters'.",
  "src/tool/guarded.ts:10":
    "TS2304 Cannot find name 'toolCall'.; TS2304 Cannot find name 'session'.; TS2304 Cannot find name 're",
  "src/tool/guarded.ts:27":
    "TS2322 Type 'SafeResult<unknown>' is not assignable to type 'SafeResult<number>'.   Type '",
  "src/tool/guarded.ts:39":
    "TS2304 Cannot find name 'schema'.; TS2304 Cannot find name 'Receipt'.; TS2304 Cannot find name 'refu",
  "src/tool/standard-schema.ts:16": "TS2304 Cannot find name 'schema'.",
  "src/tool/tool.ts:49": "TS2304 Cannot find name 'schema'.",
  "src/tool/tool.ts:71": "TS2304 Cannot find name 'schema'.",
};
