// toolgate/langchain: gate every tool call of a LangChain v1 agent (`createAgent` middleware), or one
// structured tool wherever it is used. Peer dependencies: `langchain`, `@langchain/core`, `@langchain/langgraph`.
import type { ToolCall } from "@langchain/core/messages/tool";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { isGraphBubbleUp } from "@langchain/langgraph";
import { createMiddleware, ToolInvocationError, ToolMessage } from "langchain";
import {
  type Agent,
  defineTool,
  type GuardedTool,
  passthroughSchema,
  type Risk,
  type ToolgateError,
} from "../index.js";
import { runsThroughInvoke } from "./invoke-only.js";
import { isRefusal, refusalText } from "./refusal.js";

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
   * does for an agent without `wrapToolCall` middleware; `"throw"` lets the error reach outer middleware
   * (`toolErrorMiddleware`, `toolRetryMiddleware`) or reject the run, as LangChain does once any exists.
   */
  toolErrors?: "message" | "throw";
}

/**
 * Options of {@link guardTool}.
 *
 * @example
 * ```ts
 * const options: GuardToolOptions = { risk: "high", tags: ["write"] };
 * ```
 */
export interface GuardToolOptions {
  risk?: Risk;
  tags?: readonly string[];
  /** Sees every refusal; `toolCall` is undefined when the tool was invoked with plain arguments. */
  onRefusal?: (error: ToolgateError, toolCall: ToolCall | undefined) => void;
}

type LangChainToolShape = { name?: unknown; description?: unknown; schema?: unknown };

function toToolgateTool(tool: LangChainToolShape | undefined, name: string, risk: Risk, tags: readonly string[]) {
  return defineTool({
    name,
    description: typeof tool?.description === "string" ? tool.description : undefined,
    // LangChain validates the arguments with the tool's own schema when the tool runs — on the value the gate
    // decided, which is the arguments as given (validating here too would apply transforms twice).
    input: passthroughSchema(),
    risk,
    tags,
    execute: runsThroughInvoke,
  });
}

function refusalMessage(error: ToolgateError, toolCall: Pick<ToolCall, "id" | "name">): ToolMessage {
  return new ToolMessage({
    content: refusalText(error),
    tool_call_id: toolCall.id ?? "",
    name: toolCall.name,
    status: "error",
  });
}

/**
 * `createAgent` middleware that gates every tool call as `agent`: the LangChain tool-call id becomes the
 * call id (`gen_ai.tool.call.id`), the thread id the conversation. A refusal reaches the model as an error
 * `ToolMessage` naming the rule; the tool does not run.
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
  const byTool = new WeakMap<object, GuardedTool>();
  const byName = new Map<string, GuardedTool>(); // a call with no registered tool is still gated (fail closed)
  const guardedFor = (tool: object | undefined, name: string): GuardedTool => {
    const cache = tool ? byTool.get(tool) : byName.get(name);
    if (cache) return cache;
    const shape = tool as LangChainToolShape | undefined;
    const guarded = agent.guard(
      toToolgateTool(shape, name, options.risk?.[name] ?? "medium", options.tags?.[name] ?? []),
    );
    if (tool) byTool.set(tool, guarded);
    else byName.set(name, guarded);
    return guarded;
  };
  return createMiddleware({
    name: "toolgate",
    wrapToolCall: async (request, handler) => {
      const { toolCall, runtime } = request;
      const guarded = guardedFor(request.tool, toolCall.name);
      const callOptions = {
        callId: toolCall.id,
        conversationId: runtime.configurable?.thread_id,
        signal: runtime.signal,
      };
      try {
        // The tool runs on the decided value, never on the caller's `args` object (which could change meanwhile).
        return (await guarded.invoke(
          toolCall.args,
          (decided) => handler({ ...request, toolCall: { ...toolCall, args: decided as Record<string, unknown> } }),
          callOptions,
        )) as Awaited<ReturnType<typeof handler>>;
      } catch (error) {
        if (isRefusal(error)) {
          options.onRefusal?.(error, toolCall);
          return refusalMessage(error, toolCall);
        }
        // What LangChain's ToolNode re-raises itself (interrupts, aborts, schema errors) is left to it.
        const leaveToLangChain =
          isGraphBubbleUp(error) || ToolInvocationError.isInstance(error) || runtime.signal?.aborted;
        if (options.toolErrors === "throw" || leaveToLangChain) throw error;
        const content = `${error}\n Please fix your mistakes.`; // LangChain's own default tool-error text
        return new ToolMessage({ content, tool_call_id: toolCall.id ?? "", name: toolCall.name, status: "error" });
      }
    },
  });
}

type ToolConfig = { toolCall?: ToolCall; configurable?: { thread_id?: unknown }; signal?: AbortSignal } | undefined;

const asToolCall = (value: unknown): ToolCall | undefined =>
  (value as { type?: unknown } | null)?.type === "tool_call" ? (value as ToolCall) : undefined;

/**
 * Gates one structured tool as `agent` and returns it as the same tool (same type, name, schema), usable
 * wherever the original was. Invoked with a `ToolCall`, a refusal is an error `ToolMessage`; invoked with
 * plain arguments, it throws the `ToolgateError`.
 *
 * @example
 * ```ts
 * const guarded = guardTool(bot, deleteFile, { risk: "high" });
 * await guarded.invoke({ id: "call_1", name: "delete_file", args: { path: "/tmp/a" }, type: "tool_call" });
 * ```
 */
export function guardTool<T extends StructuredToolInterface>(agent: Agent, tool: T, options: GuardToolOptions = {}): T {
  const guarded = agent.guard(toToolgateTool(tool, tool.name, options.risk ?? "medium", options.tags ?? []));
  // `invoke` delegates to `call`; both are gated so neither path bypasses the gate, and each continues on
  // the original tool, so a call through `invoke` is gated once.
  const gate =
    (method: "invoke" | "call") =>
    async (input: unknown, config?: ToolConfig, ...rest: unknown[]) => {
      const toolCall = asToolCall(input) ?? config?.toolCall;
      const thread = config?.configurable?.thread_id;
      const callOptions = {
        callId: toolCall?.id,
        conversationId: typeof thread === "string" ? thread : undefined,
        signal: config?.signal,
      };
      const original = tool[method] as (...args: unknown[]) => Promise<unknown>;
      const call = asToolCall(input);
      try {
        return await guarded.invoke(
          call?.args ?? input,
          (decided) => Reflect.apply(original, tool, [call ? { ...call, args: decided } : decided, config, ...rest]),
          callOptions,
        );
      } catch (error) {
        if (!isRefusal(error)) throw error;
        options.onRefusal?.(error, toolCall);
        if (!toolCall) throw error;
        return refusalMessage(error, toolCall);
      }
    };
  // `_call(arg, runManager, config)` and a dynamic tool's `func` are the lower entry points: called from
  // outside they are gated too (the tool's own invoke → call → _call chain runs on the original, gated once).
  const gateLow =
    (method: "_call" | "func") =>
    async (input: unknown, runManager?: unknown, config?: ToolConfig, ...rest: unknown[]) => {
      const thread = config?.configurable?.thread_id;
      const callOptions = {
        callId: config?.toolCall?.id,
        conversationId: typeof thread === "string" ? thread : undefined,
        signal: config?.signal,
      };
      const original = (tool as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[method];
      return guarded.invoke(
        input,
        (decided) =>
          Reflect.apply(original as (...args: unknown[]) => Promise<unknown>, tool, [
            decided,
            runManager,
            config,
            ...rest,
          ]),
        callOptions,
      );
    };
  const gated: Record<string, unknown> = { invoke: gate("invoke"), call: gate("call"), _call: gateLow("_call") };
  if (typeof (tool as { func?: unknown }).func === "function") gated.func = gateLow("func");
  // The constructor's kwargs keep the dynamic tool's own `func`: reached through the guarded tool, it is gated too.
  const kwargs = (tool as { lc_kwargs?: Record<string, unknown> }).lc_kwargs;
  if (kwargs && typeof kwargs.func === "function" && gated.func) {
    const func = gated.func;
    gated.lc_kwargs = new Proxy(kwargs, {
      get: (target, key, receiver) => (key === "func" ? func : Reflect.get(target, key, receiver)),
    });
  }
  return new Proxy(tool, {
    get: (target, key, receiver) =>
      typeof key === "string" && Object.hasOwn(gated, key) ? gated[key] : Reflect.get(target, key, receiver),
  });
}
