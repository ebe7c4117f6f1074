// toolgate/ai: gate every tool of a Vercel AI SDK tool set. Peer dependency: `ai`.
import type { ToolExecutionOptions, ToolSet } from "ai";
import type { ToolgateError } from "../errors.js";
import type { Agent } from "../identity/agent.js";
import { bindGuarded } from "./ai-bindings.js";
import { type Emit, type Execute, isAsyncGeneratorFunction, relay, runOriginal } from "./ai-stream.js";
import { modelFacingError, refusalText } from "./core/refusal.js";
import { refusalOf } from "./core/refused.js";
import { guardFrameworkTool, type RiskOptions, riskOf } from "./core/tool-spec.js";

export { type ApprovalRequestPart, createUserApproval, type UserApproval } from "./ai-approval.js";
export { toolgateTracer } from "./ai-telemetry.js";

export type { BridgeOptions, FrameworkDecision } from "./core/bridge.js";
export type { RiskOptions } from "./core/tool-spec.js";
/**
 * Options of {@link guardTools}. Risk and tags feed the policy; `tools` overrides them per tool name.
 *
 * @example
 * ```ts
 * const options: GuardToolsOptions<typeof tools> = { risk: "low", tools: { deleteFile: { risk: "high" } } };
 * ```
 */
export interface GuardToolsOptions<T extends ToolSet = ToolSet> extends Omit<RiskOptions, "tools"> {
  tools?: { [K in keyof T]?: { risk?: RiskOptions["risk"]; tags?: readonly string[] } };
  /**
   * The session or thread, for flow rules: a fixed id, or read per call from the tool's context (the
   * `toolsContext` your code passes to `generateText`), so one tool set serves many conversations.
   */
  conversationId?: string | ((toolContext: unknown) => string | undefined);
  /**
   * How the model learns of a refusal. `"error"` (default): a tool error whose text is the reason and rule;
   * the host's `tool-error` part carries a `ToolgateError` (the full one is its `cause`). `"result"`: the
   * same text as the tool's result (note that a `toModelOutput` then receives that string).
   */
  refusal?: "error" | "result";
  /** Sees every refusal with the full `ToolgateError` (agent id, decision), before the model sees its text. */
  onRefusal?: (error: ToolgateError, call: { toolName: string; toolCallId: string }) => void;
}

/**
 * Gates every tool of an AI SDK tool set: each call runs as `agent`, through the policy, the approvers and an
 * `execute_tool` span whose `gen_ai.tool.call.id` is the SDK's `toolCallId`. Returns the same tool set type:
 * every property is kept, only `execute` changes. Tools without `execute` (client-side) are returned as is.
 * `abortSignal` is honoured; an `async *execute` keeps streaming, gated before the first chunk. The gate decides
 * on the input the SDK validated. Local tool callers are gated too. To ask the user through the SDK's own
 * approval flow, see {@link createUserApproval}; for one span per call with `@ai-sdk/otel`, {@link toolgateTracer}.
 *
 * @example
 * ```ts
 * const agent = gate.agent({ name: "support-bot", owner: "team-support" });
 * const tools = guardTools(agent, { weather, refund }, { tools: { refund: { risk: "high" } } });
 * const result = await generateText({ model, tools, prompt, stopWhen: isStepCount(5) });
 * ```
 */
export function guardTools<T extends ToolSet>(agent: Agent, tools: T, options: GuardToolsOptions<T> = {}): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, tool] of Object.entries(tools)) {
    guarded[name] =
      typeof tool.execute === "function" ? guardOne(agent, name, tool, options as GuardToolsOptions) : tool;
  }
  return guarded as T;
}

/** The part of an AI SDK tool-caller definition the adapter needs: its kind and how it binds to its callees. */
interface ToolCallerDefinition {
  type?: string;
  bind?: (callees: ToolSet) => ToolSet[string];
}

function guardOne(agent: Agent, name: string, tool: ToolSet[string], options: GuardToolsOptions): ToolSet[string] {
  const original = (tool.execute as Execute).bind(tool);
  const gated = guardFrameworkTool(agent, { name, description: tool.description, ...riskOf(options, name) });
  const { conversationId } = options;
  const conversationOf = (context: unknown) =>
    typeof conversationId === "function" ? conversationId(context) : conversationId;
  const call = (input: unknown, sdk: ToolExecutionOptions<unknown>, emit?: Emit) =>
    gated.invoke(input, (checked, ctx) => runOriginal(original, checked, { ...sdk, abortSignal: ctx.signal }, emit), {
      callId: sdk.toolCallId,
      conversationId: conversationOf(sdk.context),
      signal: sdk.abortSignal,
    });
  const refused = (error: unknown, toolCallId: string) => {
    const refusal = refusalOf(error, options.onRefusal, { toolName: name, toolCallId });
    if (options.refusal === "result") return refusalText(refusal);
    throw modelFacingError(refusal);
  };
  const execute: Execute = isAsyncGeneratorFunction(tool.execute)
    ? (input, sdk) =>
        relay((emit) =>
          call(input, sdk, emit).then(
            () => undefined,
            (e) => refused(e, sdk.toolCallId),
          ),
        )
    : (input, sdk) => call(input, sdk).catch((error: unknown) => refused(error, sdk.toolCallId));
  const descriptors: PropertyDescriptorMap = {
    ...Object.getOwnPropertyDescriptors(tool),
    execute: { value: execute, enumerable: true, writable: true, configurable: true },
  };
  // A local tool caller is replaced by `caller.bind(callees)` at run time, a new tool with the caller's own
  // execute: the tool it binds to is gated as well, or the caller would run ungated.
  const caller = (tool as { experimental_toolCaller?: ToolCallerDefinition }).experimental_toolCaller;
  if (caller?.type === "local" && typeof caller.bind === "function") {
    const bind = caller.bind.bind(caller);
    const gatedCaller = { ...caller, bind: (callees: ToolSet) => guardOne(agent, name, bind(callees), options) };
    descriptors.experimental_toolCaller = { ...descriptors.experimental_toolCaller, value: gatedCaller };
  }
  const guarded = Object.create(Object.getPrototypeOf(tool), descriptors) as ToolSet[string];
  bindGuarded(guarded, { agent, name, gated, conversationOf });
  return guarded;
}
