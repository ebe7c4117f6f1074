import type { Agent } from "../identity/agent.js";
import type { GuardedTool } from "../tool/guarded.js";

/**
 * What a Mastra call tells toolgate about who is calling: the request context and memory ids your code set
 * (never the model).
 *
 * @example
 * ```ts
 * const identify = (call: MastraCall) => agentsByUser.get(call.resourceId ?? "");
 * ```
 */
export interface MastraCall {
  /** The run's request context, as a plain object (for example an authenticated user your server set). */
  readonly requestContext: Readonly<Record<string, unknown>>;
  readonly resourceId: string | undefined;
  readonly threadId: string | undefined;
}

/** How a guarded Mastra tool is gated: who calls it (per call), under which name, in which conversation. */
export interface MastraBinding {
  readonly name: string;
  readonly identify: (call: MastraCall) => Agent;
  readonly gatedFor: (agent: Agent) => GuardedTool;
  readonly conversationOf: (call: MastraCall) => string | undefined;
}

const bindings = new WeakMap<object, MastraBinding>();

/** Remembers how a tool `guardTools` returned is gated. */
export const bindTool = (tool: object, binding: MastraBinding): void => void bindings.set(tool, binding);

/** How the tool `name` of `tools` is gated, if `guardTools` made it. */
export function bindingOf(tools: Record<string, unknown> | undefined, name: string): MastraBinding | undefined {
  const tool = tools && Object.hasOwn(tools, name) ? tools[name] : undefined;
  return typeof tool === "object" && tool !== null ? bindings.get(tool) : undefined;
}

/** The plain view of a Mastra `RequestContext` (or of the plain object an approval hook receives). */
export function plainContext(requestContext: unknown): Record<string, unknown> {
  const entries = (requestContext as { entries?: () => Iterable<[string, unknown]> } | undefined)?.entries;
  if (typeof entries === "function") return Object.fromEntries(entries.call(requestContext));
  return typeof requestContext === "object" && requestContext !== null ? { ...(requestContext as object) } : {};
}
