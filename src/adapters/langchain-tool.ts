// toolgate/langchain: one structured tool, gated on every entry point.
import type { ToolCall } from "@langchain/core/messages/tool";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { ToolgateError } from "../errors.js";
import type { Agent } from "../identity/agent.js";
import type { Risk } from "../tool/risk.js";
import { refusalOf } from "./core/refused.js";
import { doorsOf, sealed } from "./core/sealed.js";
import { guardFrameworkTool } from "./core/tool-spec.js";
import { passingInterrupts } from "./langchain-interrupt.js";
import { refusalMessage } from "./langchain-message.js";

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
  const guarded = guardFrameworkTool(agent, {
    name: tool.name,
    description: tool.description,
    risk: options.risk,
    tags: options.tags,
  });
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
        return await passingInterrupts(() =>
          guarded.invoke(
            call?.args ?? input,
            (decided) => Reflect.apply(original, tool, [call ? { ...call, args: decided } : decided, config, ...rest]),
            callOptions,
          ),
        );
      } catch (error) {
        const refusal = refusalOf(error, options.onRefusal, toolCall);
        if (!toolCall) throw refusal;
        return refusalMessage(refusal, toolCall);
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
      return passingInterrupts(() =>
        guarded.invoke(
          input,
          (decided) =>
            Reflect.apply(original as (...args: unknown[]) => Promise<unknown>, tool, [
              decided,
              runManager,
              config,
              ...rest,
            ]),
          callOptions,
        ),
      );
    };
  const gated: Record<string, unknown> = { invoke: gate("invoke"), call: gate("call"), _call: gateLow("_call") };
  if (typeof (tool as { func?: unknown }).func === "function") gated.func = gateLow("func");
  // The constructor's kwargs keep the dynamic tool's own `func`: reached through the guarded tool, it is gated too.
  const kwargs = (tool as { lc_kwargs?: Record<string, unknown> }).lc_kwargs;
  if (kwargs && typeof kwargs.func === "function" && gated.func) {
    gated.lc_kwargs = sealed(kwargs, doorsOf({ func: gated.func }));
  }
  // Sealed, not a plain Proxy: a property descriptor or a redefinition must not reach the raw `func` either.
  return sealed(tool, doorsOf(gated));
}
