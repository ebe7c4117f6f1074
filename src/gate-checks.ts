import type { Span } from "@opentelemetry/api";
import type { Approver } from "./approval/types.js";
import { ToolgateError } from "./errors.js";
import type { GateOptions } from "./gate-api.js";
import type { Agent } from "./identity/agent.js";
import type { ToolCall } from "./pipeline/types.js";
import { Policy } from "./policy/policy.js";
import type { Tool } from "./tool/tool.js";

export function checkOptions(options: GateOptions): Map<string, Approver> {
  if (typeof options !== "object" || options === null || !(options.policy instanceof Policy)) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: "createGate: `policy` must come from definePolicy() or loadPolicy().",
    });
  }
  const approvers = new Map<string, Approver>();
  for (const [name, approver] of Object.entries(options.approvers ?? {})) {
    if (typeof approver !== "function") {
      throw new ToolgateError({
        code: "INVALID_ARGUMENT",
        message: `createGate: approver "${name}" must be a function.`,
      });
    }
    approvers.set(name, approver);
  }
  const missing = options.policy.approvers.filter((name) => !approvers.has(name));
  if (missing.length > 0) {
    throw new ToolgateError({
      code: "INVALID_POLICY",
      message: `The policy names approver(s) ${missing.map((n) => `"${n}"`).join(", ")} that this gate lacks; register them in createGate({ approvers }).`,
    });
  }
  return approvers;
}

// One object literal per call, in one shape: the hot path allocates nothing else for it.
export function newCall(
  agent: Agent,
  tool: Tool,
  input: unknown,
  callId: string,
  conversationId: string | undefined,
  signal: AbortSignal,
  span: Span,
): ToolCall {
  return {
    agent,
    tool,
    input,
    rawInput: input,
    callId,
    conversationId,
    signal,
    span,
    decision: undefined,
    executed: false,
  };
}

// One name, one tool per gate: the policy, gate.check and the audit trail know a tool by its name.
export function checkSameTool(existing: Tool | undefined, tool: Tool): void {
  if (!existing || existing === tool) return;
  const differs = existing.risk !== tool.risk ? "risk" : undefined;
  const tagsDiffer = existing.tags.join("\u0000") !== tool.tags.join("\u0000");
  if (!differs && !tagsDiffer) return;
  throw new ToolgateError({
    code: "INVALID_ARGUMENT",
    message: `A different tool named "${tool.name}" is already guarded by this gate (its ${differs ?? "tags"} differ); give each tool a unique name.`,
    tool: tool.name,
  });
}
