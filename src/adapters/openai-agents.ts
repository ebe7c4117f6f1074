import type { FunctionTool, RunContext, Tool } from "@openai/agents";
import { type Agent, defineTool, passthroughSchema, type Risk, type ToolgateError } from "../index.js";
import { runsThroughInvoke } from "./invoke-only.js";
import type { ApprovalCheck } from "./openai-agents-approval.js";
import { isRefusal, refusalText } from "./refusal.js";

export { type ApprovalCheck, createRunApproval, type RunApproval } from "./openai-agents-approval.js";

// `any` on purpose: a tool typed for any run context must fit (a typed `invoke` parameter is contravariant).
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyFunctionTool = FunctionTool<any, any, any>;
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyRunContext = RunContext<any>;
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyTool = Tool<any>;

/**
 * Options of {@link guardTool} and {@link guardTools}.
 *
 * @example
 * ```ts
 * const options: GuardOptions = { risk: "low", tools: { deploy: { risk: "high", tags: ["write"] } } };
 * ```
 */
export interface GuardOptions {
  /** Risk of every tool without its own (default `medium`). */
  risk?: Risk;
  tags?: readonly string[];
  /** Per tool name. */
  tools?: Record<string, { risk?: Risk; tags?: readonly string[] }>;
  /** The session or thread, for flow rules; a function reads it from the run context. */
  conversationId?: string | ((runContext: AnyRunContext) => string | undefined);
  /**
   * `"result"` (default): the model reads the refusal (reason and rule) as the tool's output and the run
   * goes on. `"throw"`: the run fails with a `ToolCallError` whose `error` is the `ToolgateError`.
   */
  refusal?: "result" | "throw";
  /** Sees every refusal with the full `ToolgateError` (agent id, decision). */
  onRefusal?: (error: ToolgateError, call: { toolName: string; callId: string | undefined }) => void;
  /** From `createRunApproval().needsApproval(gate)`: interrupt the run when the gate needs the user. */
  needsApproval?: ApprovalCheck;
}

/** The arguments as the gate decides on them, and how to hand the decided value back to the SDK tool as text. */
function parseArguments(text: string): { value: unknown; text: (decided: unknown) => string } {
  try {
    return { value: JSON.parse(text), text: (decided) => JSON.stringify(decided) };
  } catch {
    return { value: text, text: (decided) => decided as string }; // still gated; the tool's own invoke reports the bad JSON
  }
}

/**
 * Gates one Agents SDK `FunctionTool`: each `invoke` runs as `agent`, through the policy, the approvers and
 * an `execute_tool` span whose `gen_ai.tool.call.id` is the SDK's `callId`. Every property is kept, symbols
 * included; `invoke` is wrapped and gets the SDK's `details` unchanged. A refusal reaches the model as a
 * readable string (reason and rule) and the run goes on. With `needsApproval` from
 * {@link createRunApproval}, `require_approval` becomes the SDK's approval interruption.
 *
 * @example
 * ```ts
 * const weather = tool({ name: "weather", description: "Weather", parameters: z.object({ city: z.string() }), execute });
 * const bot = new Agent({ name: "support-bot", model, tools: [guardTool(agent, weather)] });
 * ```
 */
export function guardTool<T extends AnyFunctionTool>(agent: Agent, tool: T, options: GuardOptions = {}): T {
  const original = tool.invoke.bind(tool);
  const own = options.tools?.[tool.name];
  const spec = {
    name: tool.name,
    description: tool.description,
    input: passthroughSchema(), // the tool's own invoke validates against its zod or JSON schema
    risk: own?.risk ?? options.risk ?? "medium",
    tags: own?.tags ?? options.tags ?? [],
  };
  // Guarded once: each call runs the SDK tool's own invoke, on the decided value, through `invoke`.
  const guarded = agent.guard(defineTool({ ...spec, execute: runsThroughInvoke }));
  const conversationOf = (runContext: AnyRunContext) =>
    typeof options.conversationId === "function" ? options.conversationId(runContext) : options.conversationId;
  const invoke: AnyFunctionTool["invoke"] = async (runContext, input, details) => {
    const callId = details?.toolCall?.callId;
    const args = parseArguments(input);
    try {
      // The tool runs on the decided value, never the text the model sent; `details` goes through as the same
      // object (the runner keys internal state on it).
      return await guarded.invoke(args.value, (decided) => original(runContext, args.text(decided), details), {
        callId,
        conversationId: conversationOf(runContext),
        signal: details?.signal,
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      options.onRefusal?.(error, { toolName: tool.name, callId });
      if (options.refusal === "throw") throw error;
      return refusalText(error);
    }
  };
  const ask = options.needsApproval;
  const needsApproval: AnyFunctionTool["needsApproval"] = ask
    ? async (runContext, input, callId) =>
        (await tool.needsApproval(runContext, input, callId)) ||
        ask(agent, tool.name, input, conversationOf(runContext), callId)
    : tool.needsApproval;
  const descriptors = Object.getOwnPropertyDescriptors(tool);
  const replaced = { value: undefined, enumerable: true, writable: true, configurable: true };
  return Object.create(Object.getPrototypeOf(tool), {
    ...descriptors,
    invoke: { ...replaced, value: invoke },
    needsApproval: { ...replaced, value: needsApproval },
  }) as T;
}

/**
 * Gates every `FunctionTool` of a list with {@link guardTool}; hosted, computer and shell tools are returned
 * as they are. Returns the same list type.
 *
 * @example
 * ```ts
 * const bot = new Agent({ name: "support-bot", model, tools: guardTools(agent, [weather, refund]) });
 * ```
 */
export function guardTools<T extends readonly AnyTool[]>(agent: Agent, tools: T, options: GuardOptions = {}): T {
  return tools.map((tool) => (tool.type === "function" ? guardTool(agent, tool, options) : tool)) as unknown as T;
}
