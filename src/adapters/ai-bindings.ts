import type { Agent } from "../identity/agent.js";
import type { GuardedTool } from "../tool/guarded.js";

/** Which agent a guarded AI SDK tool runs as, and how a call's conversation is read from its tool context. */
export interface GuardedBinding {
  readonly agent: Agent;
  readonly name: string;
  readonly gated: GuardedTool;
  readonly conversationOf: (toolContext: unknown) => string | undefined;
}

// Keyed by the guarded tool object: a tool set may mix guarded and plain tools, and only ours are gated.
const bindings = new WeakMap<object, GuardedBinding>();

/** Remembers how a tool `guardTools` returned is gated. */
export function bindGuarded(tool: object, binding: GuardedBinding): void {
  bindings.set(tool, binding);
}

/** How the tool named `name` of `tools` is gated, if `guardTools` made it. */
export function bindingOf(tools: Record<string, unknown> | undefined, name: string): GuardedBinding | undefined {
  const tool = tools && Object.hasOwn(tools, name) ? tools[name] : undefined;
  return typeof tool === "object" && tool !== null ? bindings.get(tool) : undefined;
}
