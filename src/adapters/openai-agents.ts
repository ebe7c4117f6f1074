// toolgate/openai-agents: gate every tool call of an OpenAI Agents SDK agent. Peer dependency: `@openai/agents`.
import type { FunctionTool, RunContext, Tool } from "@openai/agents";
import type { ToolgateError } from "../errors.js";
import type { Agent } from "../identity/agent.js";
import { refusalText } from "./core/refusal.js";
import { refusalOf } from "./core/refused.js";
import { guardFrameworkTool, type RiskOptions, riskOf } from "./core/tool-spec.js";
import type { ApprovalCheck } from "./openai-agents-approval.js";
import { bindingOf, bindTool, ungatable } from "./openai-agents-bindings.js";

export { guardAgent } from "./openai-agents-agent.js";
export { type ApprovalCheck, createRunApproval, type RunApproval } from "./openai-agents-approval.js";

// `any` on purpose: a tool typed for any run context must fit (a typed `invoke` parameter is contravariant).
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyFunctionTool = FunctionTool<any, any, any>;
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyRunContext = RunContext<any>;
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyTool = Tool<any>;

export type { BridgeOptions, FrameworkDecision } from "./core/bridge.js";
export type { RiskOptions } from "./core/tool-spec.js";
/**
 * Options of {@link guardTool}, {@link guardTools} and {@link guardAgent}.
 *
 * @example
 * ```ts
 * const options: GuardOptions = { risk: "low", tools: { deploy: { risk: "high", tags: ["write"] } } };
 * ```
 */
export interface GuardOptions extends RiskOptions {
  /** The session or thread, for flow rules; a function reads it from the run context your code passes. */
  conversationId?: string | ((runContext: AnyRunContext) => string | undefined);
  /** `"result"` (default): the model reads the refusal as the tool's output. `"throw"`: the run fails with it. */
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
 * an `execute_tool` span whose `gen_ai.tool.call.id` is the SDK's `callId`, on the decided value. Every
 * property is kept, symbols included. A refusal reaches the model as a readable string and the run goes on.
 * With `needsApproval` from {@link createRunApproval}, `require_approval` becomes the SDK's interruption.
 *
 * @example
 * ```ts
 * const weather = tool({ name: "weather", description: "Weather", parameters: z.object({ city: z.string() }), execute });
 * const bot = new Agent({ name: "support-bot", model, tools: [guardTool(agent, weather)] });
 * ```
 */
export function guardTool<T extends AnyFunctionTool>(agent: Agent, tool: T, options: GuardOptions = {}): T {
  if (bindingOf(tool)) return tool; // gated already: a second gate would record every call twice
  const original = tool.invoke.bind(tool);
  const gated = guardFrameworkTool(agent, {
    name: tool.name,
    description: tool.description,
    ...riskOf(options, tool.name),
  });
  const { conversationId } = options;
  const conversationOf = (runContext: AnyRunContext | undefined) =>
    typeof conversationId === "function" ? runContext && conversationId(runContext) : conversationId;
  const invoke: AnyFunctionTool["invoke"] = async (runContext, input, details) => {
    const callId = details?.toolCall?.callId;
    const args = parseArguments(input);
    try {
      // `details` goes through as the same object (the runner keys internal state on it).
      return await gated.invoke(args.value, (decided) => original(runContext, args.text(decided), details), {
        callId,
        conversationId: conversationOf(runContext),
        signal: details?.signal,
      });
    } catch (error) {
      const refusal = refusalOf(error, options.onRefusal, { toolName: tool.name, callId });
      if (options.refusal === "throw") throw refusal;
      return refusalText(refusal);
    }
  };
  const ask = options.needsApproval;
  const needsApproval: AnyFunctionTool["needsApproval"] = ask
    ? async (runContext, input, callId) =>
        (await tool.needsApproval(runContext, input, callId)) ||
        ask(agent, tool.name, input, conversationOf(runContext), callId)
    : tool.needsApproval;
  const replaced = { enumerable: true, writable: true, configurable: true };
  const guarded = Object.create(Object.getPrototypeOf(tool), {
    ...Object.getOwnPropertyDescriptors(tool),
    invoke: { ...replaced, value: invoke },
    needsApproval: { ...replaced, value: needsApproval },
  }) as T;
  bindTool(guarded, { agent, name: tool.name, gated, conversationOf });
  return guarded;
}

/**
 * Gates every `FunctionTool` of a list with {@link guardTool}. Hosted tools (web search, file search, code
 * interpreter, hosted MCP) run on OpenAI's servers and computer, shell and apply-patch tools outside a
 * function tool: toolgate cannot gate them, so they are refused with an `INVALID_ARGUMENT` naming the tool.
 *
 * @example
 * ```ts
 * const bot = new Agent({ name: "support-bot", model, tools: guardTools(agent, [weather, refund]) });
 * ```
 */
export function guardTools<T extends readonly AnyTool[]>(agent: Agent, tools: T, options: GuardOptions = {}): T {
  return tools.map((tool) => {
    if (tool.type !== "function") throw ungatable(tool);
    return guardTool(agent, tool, options);
  }) as unknown as T;
}
