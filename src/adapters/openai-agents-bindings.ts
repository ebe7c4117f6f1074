import type { RunContext } from "@openai/agents";
import { ToolgateError } from "../errors.js";
import type { Agent } from "../identity/agent.js";
import type { GuardedTool } from "../tool/guarded.js";

/** How a guarded Agents SDK tool is gated: as which agent, under which name, in which conversation. */
export interface ToolBinding {
  readonly agent: Agent;
  readonly name: string;
  readonly gated: GuardedTool;
  // biome-ignore lint/suspicious/noExplicitAny: a run context of any context type
  readonly conversationOf: (runContext: RunContext<any> | undefined) => string | undefined;
}

const bindings = new WeakMap<object, ToolBinding>();

/** Remembers how a tool `guardTool` returned is gated. */
export const bindTool = (tool: object, binding: ToolBinding): void => void bindings.set(tool, binding);

/** How `tool` is gated, if toolgate guarded it. */
export const bindingOf = (tool: unknown): ToolBinding | undefined =>
  typeof tool === "object" && tool !== null ? bindings.get(tool) : undefined;

/**
 * Refuses a tool toolgate cannot gate: hosted tools run on OpenAI's servers, and computer, shell and
 * apply-patch tools run through the SDK's own executors, not a `FunctionTool`'s `invoke`.
 */
export function ungatable(tool: { type: string; name?: string }): ToolgateError {
  const name = tool.name ?? tool.type;
  return new ToolgateError({
    code: "INVALID_ARGUMENT",
    message:
      tool.type === "hosted_tool"
        ? `toolgate/openai-agents: "${name}" is a hosted tool: it runs on OpenAI's servers, where toolgate cannot gate it, so it is refused rather than run ungated. Remove it, or offer the agent a function tool instead.`
        : `toolgate/openai-agents: "${name}" is a ${tool.type} tool, which the SDK runs outside a function tool's invoke, where toolgate cannot gate it; it is refused rather than run ungated.`,
    tool: name,
  });
}
