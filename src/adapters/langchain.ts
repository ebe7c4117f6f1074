// toolgate/langchain: gate every tool call of a LangChain v1 agent (`createAgent` middleware), or one
// structured tool wherever it is used. Peer dependencies: `langchain`, `@langchain/core`, `@langchain/langgraph`.
import type { ToolCall } from "@langchain/core/messages/tool";
import { isGraphBubbleUp } from "@langchain/langgraph";
import { createMiddleware, ToolInvocationError, ToolMessage } from "langchain";
import type { ToolgateError } from "../errors.js";
import { recordOutsideRefusal } from "../gate/outside-refusal.js";
import type { Agent } from "../identity/agent.js";
import type { Risk } from "../tool/risk.js";
import { refusalOf } from "./core/refused.js";
import { unknownTool } from "./core/unknown-tool.js";
import type { HumanInTheLoop } from "./langchain-hitl.js";
import { hitlHook } from "./langchain-hitl-hook.js";
import { passingInterrupts } from "./langchain-interrupt.js";
import { refusalMessage } from "./langchain-message.js";
import { middlewareTools } from "./langchain-tools.js";

export type { Bridge, BridgeOptions, FrameworkDecision, Verdict } from "./core/bridge.js";
export {
  createHitlApproval,
  type HitlApproval,
  type HitlApprovalOptions,
  type HumanInTheLoop,
  type Runtime,
} from "./langchain-hitl.js";
export { interruptible } from "./langchain-interrupt.js";
export { type GuardToolOptions, guardTool } from "./langchain-tool.js";

// `isInstance` came after `ToolInvocationError` itself (langchain 1.3 has the class without it).
const isToolInvocationError = (error: unknown): boolean =>
  typeof ToolInvocationError.isInstance === "function"
    ? ToolInvocationError.isInstance(error)
    : error instanceof ToolInvocationError;

/**
 * Options of {@link toolgateMiddleware}. Risk and tags are per tool name; a tool not named is `medium`, untagged.
 *
 * @example
 * ```ts
 * const options: ToolgateMiddlewareOptions = { risk: { delete_file: "high" }, onRefusal: (e) => log(e.code) };
 * ```
 */
export interface ToolgateMiddlewareOptions {
  risk?: Record<string, Risk>;
  tags?: Record<string, readonly string[]>;
  /** Sees every refusal (the full `ToolgateError`) before the model gets its error `ToolMessage`. */
  onRefusal?: (error: ToolgateError, toolCall: ToolCall) => void;
  /**
   * When a tool itself throws: `"message"` (default) gives the model an error `ToolMessage`, as LangChain
   * does for an agent without `wrapToolCall` middleware; `"throw"` lets the error reach outer middleware.
   */
  toolErrors?: "message" | "throw";
  /** Ask the human through `humanInTheLoopMiddleware` when the gate needs them (see `createHitlApproval`). */
  humanInTheLoop?: HumanInTheLoop;
}

/**
 * `createAgent` middleware that gates every tool call as `agent`: the LangChain tool-call id becomes the
 * call id (`gen_ai.tool.call.id`), the thread id the conversation. A refusal reaches the model as an error
 * `ToolMessage` naming the rule; the tool does not run. A LangGraph interrupt raised by an approver (see
 * `interruptible`) pauses the graph as LangGraph intends. With `humanInTheLoop`, the gate's approvals are asked
 * through `humanInTheLoopMiddleware` (use it instead of adding that middleware yourself).
 *
 * @example
 * ```ts
 * const agent = createAgent({
 *   model,
 *   tools: [readFile, deleteFile],
 *   middleware: [toolgateMiddleware(bot, { risk: { delete_file: "high" } })],
 * });
 * ```
 */
export function toolgateMiddleware(agent: Agent, options: ToolgateMiddlewareOptions = {}) {
  const tools = middlewareTools(agent, options);
  const loop = options.humanInTheLoop;
  return createMiddleware({
    name: "toolgate",
    ...(loop ? { afterModel: { canJumpTo: ["model"], hook: hitlHook(loop, agent, tools.guardedFor) as never } } : {}),
    wrapModelCall: (request, handler) => {
      tools.offer(request.tools);
      return handler(request);
    },
    wrapToolCall: async (request, handler) => {
      const { toolCall, runtime } = request;
      // A tool LangChain has not got (the model made the name up) is refused, not guarded: no gate growth.
      const guarded = tools.guardedFor(toolCall.name, request.tool ?? undefined);
      if (!request.tool || !guarded) {
        const refusal = unknownTool(toolCall.name, agent.id, "this agent was given");
        // Never guarded, so never through the pipeline: recorded on the gate here (the name bounded and escaped).
        await recordOutsideRefusal(agent, { agent, tool: toolCall.name, error: refusal, input: toolCall.args });
        return refusalMessage(refusalOf(refusal, options.onRefusal, toolCall), toolCall);
      }
      const thread = runtime.configurable?.thread_id;
      const callOptions = {
        callId: toolCall.id,
        conversationId: typeof thread === "string" ? thread : undefined,
        signal: runtime.signal,
      };
      try {
        // The tool runs on the decided value, never on the caller's `args` object (which could change meanwhile).
        return (await passingInterrupts(() =>
          guarded.invoke(
            toolCall.args,
            (decided) => handler({ ...request, toolCall: { ...toolCall, args: decided as Record<string, unknown> } }),
            callOptions,
          ),
        )) as Awaited<ReturnType<typeof handler>>;
      } catch (error) {
        // What LangChain's ToolNode re-raises itself (interrupts, aborts, schema errors) is left to it.
        const leaveToLangChain = isGraphBubbleUp(error) || isToolInvocationError(error) || runtime.signal?.aborted;
        if (leaveToLangChain) throw error;
        try {
          return refusalMessage(refusalOf(error, options.onRefusal, toolCall), toolCall);
        } catch (own) {
          if (options.toolErrors === "throw") throw own;
          const content = `${own}\n Please fix your mistakes.`; // LangChain's own default tool-error text
          return new ToolMessage({ content, tool_call_id: toolCall.id ?? "", name: toolCall.name, status: "error" });
        }
      }
    },
  });
}
