// toolgate/mastra: gate every tool of a Mastra agent. Peer dependency: `@mastra/core`.
import { isRefusal, ToolgateError } from "../errors.js";
import { recordOutsideRefusal } from "../gate/outside-refusal.js";
import type { Agent } from "../identity/agent.js";
import { getOrCreate } from "../internal/get-or-create.js";
import type { GuardedTool } from "../tool/guarded.js";
import { modelFacingError, refusalText } from "./core/refusal.js";
import { refusalOf } from "./core/refused.js";
import { guardFrameworkTool, type RiskOptions, riskOf } from "./core/tool-spec.js";
import { bindingOf, bindTool, type MastraCall, plainContext } from "./mastra-bindings.js";

export type { BridgeOptions, FrameworkDecision } from "./core/bridge.js";
export type { RiskOptions } from "./core/tool-spec.js";
export { createToolApproval, type ToolApproval } from "./mastra-approval.js";
export type { MastraCall } from "./mastra-bindings.js";
/**
 * Options of {@link guardTools}.
 *
 * @example
 * ```ts
 * const options: GuardToolsOptions = { tools: { deploy: { risk: "high" } }, identify: (call) => agents.get(call.resourceId ?? "") };
 * ```
 */
export interface GuardToolsOptions extends RiskOptions {
  /** Which agent of the gate calls, per call (say by `resourceId`); `undefined` refuses. Default: `agent`. */
  identify?: (call: MastraCall) => Agent | undefined;
  /** The conversation, for flow rules. Default: the memory thread your code passed (`threadId`). */
  conversationId?: (call: MastraCall) => string | undefined;
  /** `"error"` (default): a refusal is a tool error whose text the model reads; `"result"`: the tool's result. */
  refusal?: "error" | "result";
  /** Sees every refusal with the full `ToolgateError`. */
  onRefusal?: (error: ToolgateError, call: { toolName: string; toolCallId: string | undefined }) => void;
}

type MastraContext = {
  requestContext?: unknown;
  abortSignal?: AbortSignal;
  agent?: { toolCallId?: string; threadId?: string; resourceId?: string };
};
type Execute = (input: unknown, context: MastraContext) => Promise<unknown>;

const unidentified = (tool: string) =>
  new ToolgateError({
    code: "TOOL_DENIED",
    message: `Mastra call of "${tool}" refused: identify() named no agent for it.`,
    decision: { effect: "deny", rule: "unidentified-agent", reason: "the caller could not be identified as an agent" },
    tool,
  });

/**
 * Gates every tool of a Mastra tool record (`createTool` tools): each call runs through the policy, the
 * approvers and an `execute_tool` span, as the agent `identify` names (default `agent`), with Mastra's
 * `toolCallId` as call id, the memory thread as conversation and its `abortSignal`, on the decided value. Every
 * tool property is kept (`requireApproval` included); only `execute` changes. Returns the same record type.
 *
 * @example
 * ```ts
 * const tools = guardTools(bot, { weather, deploy }, { tools: { deploy: { risk: "high" } } });
 * const agent = new Agent({ id: "ops", name: "ops", instructions, model, tools });
 * ```
 */
export function guardTools<T extends Record<string, unknown>>(
  agent: Agent,
  tools: T,
  options: GuardToolsOptions = {},
): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, tool] of Object.entries(tools))
    guarded[name] = guardOne(agent, name, tool as Record<string, unknown>, options);
  return guarded as T;
}

function guardOne(agent: Agent, name: string, tool: Record<string, unknown>, options: GuardToolsOptions): unknown {
  // No execute (client-side), or gated already: a second gate would record every call twice.
  if (typeof tool?.execute !== "function" || bindingOf({ [name]: tool }, name)) return tool;
  const original = (tool.execute as Execute).bind(tool);
  const byAgent = new WeakMap<Agent, GuardedTool>();
  const gatedFor = (caller: Agent) =>
    getOrCreate(byAgent, caller, () =>
      guardFrameworkTool(caller, { name, description: tool.description, ...riskOf(options, name) }),
    );
  const identify = (call: MastraCall) => {
    const caller = options.identify ? options.identify(call) : agent;
    if (!caller) throw unidentified(name);
    return caller;
  };
  const conversationOf = (call: MastraCall) => (options.conversationId ? options.conversationId(call) : call.threadId);
  const execute: Execute = async (input, context) => {
    const call = {
      requestContext: plainContext(context?.requestContext),
      resourceId: context?.agent?.resourceId,
      threadId: context?.agent?.threadId,
    };
    const toolCallId = context?.agent?.toolCallId;
    let caller: Agent | undefined;
    let inPipeline = false; // once set, the gate records the call itself
    try {
      const callOptions = { callId: toolCallId, conversationId: conversationOf(call), signal: context?.abortSignal };
      caller = identify(call);
      const gated = gatedFor(caller);
      inPipeline = true;
      return await gated.invoke(input, (decided) => original(decided, context), callOptions);
    } catch (error) {
      // Refused before the gate (identify() named no agent): recorded on the gate, as no agent.
      if (!inPipeline && isRefusal(error))
        await recordOutsideRefusal(caller ?? agent, {
          agent: caller,
          tool: name,
          error,
          input,
          risk: riskOf(options, name).risk,
        });
      const refusal = refusalOf(error, options.onRefusal, { toolName: name, toolCallId });
      if (options.refusal === "result") return refusalText(refusal);
      throw modelFacingError(refusal);
    }
  };
  const guarded = Object.create(Object.getPrototypeOf(tool), {
    ...Object.getOwnPropertyDescriptors(tool),
    execute: { value: execute, enumerable: true, writable: true, configurable: true },
  });
  bindTool(guarded, { name, identify, gatedFor, conversationOf });
  return guarded;
}
