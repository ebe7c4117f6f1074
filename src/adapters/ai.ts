import type { ToolExecutionOptions, ToolSet } from "ai";
import { type Agent, defineTool, passthroughSchema, type Risk, ToolgateError } from "../index.js";
import { bindGuarded } from "./ai-approval.js";
import { runsThroughInvoke } from "./invoke-only.js";
import { isRefusal, refusalText } from "./refusal.js";

export { type ApprovalRequestPart, createUserApproval, type UserApproval } from "./ai-approval.js";

/**
 * Options of {@link guardTools}. Risk and tags feed the policy; `tools` overrides them per tool name.
 *
 * @example
 * ```ts
 * const options: GuardToolsOptions<typeof tools> = { risk: "low", tools: { deleteFile: { risk: "high" } } };
 * ```
 */
export interface GuardToolsOptions<T extends ToolSet = ToolSet> {
  /** Risk of every tool without its own (default `medium`). */
  risk?: Risk;
  tags?: readonly string[];
  tools?: { [K in keyof T]?: { risk?: Risk; tags?: readonly string[] } };
  /** The session or thread, for flow rules (untrusted input, then egress). */
  conversationId?: string;
  /**
   * How the model learns of a refusal. `"error"` (default): a tool error whose text is the reason and rule;
   * the host's `tool-error` part carries a `ToolgateError` (the full one is its `cause`). `"result"`: the
   * same text as the tool's result (note that a `toModelOutput` then receives that string).
   */
  refusal?: "error" | "result";
  /** Sees every refusal with the full `ToolgateError` (agent id, decision), before the model sees its text. */
  onRefusal?: (error: ToolgateError, call: { toolName: string; toolCallId: string }) => void;
}

type Execute = (input: unknown, options: ToolExecutionOptions<unknown>) => unknown;
type Emit = (chunk: unknown) => Promise<boolean>;

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  value != null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function";

// The SDK decides between "streaming" and "one result" from what `execute` returns synchronously, before the
// gate has answered; an `async *execute` is the one shape we can recognise without calling it.
const isAsyncGeneratorFunction = (fn: unknown) =>
  Object.prototype.toString.call(fn) === "[object AsyncGeneratorFunction]";

/** Runs the SDK tool's own `execute`, forwarding streamed chunks; resolves to the last one (what the model sees). */
async function runOriginal(execute: Execute, input: unknown, options: ToolExecutionOptions<unknown>, emit?: Emit) {
  const result = execute(input, options);
  if (!isAsyncIterable(result)) return result;
  let last: unknown;
  for await (const chunk of result) {
    last = chunk;
    if (emit && !(await emit(chunk))) break; // the SDK stopped reading: stop the tool too
  }
  return last;
}

/**
 * Turns a push producer into a pull stream with backpressure: `drive` runs the gated call, each `emit` waits
 * until the consumer asks for more, so the span stays open for the whole stream. A value `drive` resolves
 * to (a refusal text) comes last.
 */
async function* relay(drive: (emit: Emit) => Promise<unknown>): AsyncGenerator<unknown> {
  const chunks: unknown[] = [];
  let wake = () => {};
  let resume: (more: boolean) => void = () => {};
  let end: { ok: true; value: unknown } | { ok: false; error: unknown } | undefined;
  const emit: Emit = (chunk) =>
    new Promise<boolean>((resolve) => {
      chunks.push(chunk);
      resume = resolve;
      wake();
    });
  drive(emit).then(
    (value) => {
      end = { ok: true, value };
      wake();
    },
    (error: unknown) => {
      end = { ok: false, error };
      wake();
    },
  );
  try {
    while (chunks.length > 0 || !end) {
      if (chunks.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      else {
        yield chunks.shift();
        resume(true);
      }
    }
  } finally {
    resume(false);
  }
  if (!end.ok) throw end.error;
  if (end.value !== undefined) yield end.value;
}

/**
 * Gates every tool of an AI SDK tool set: each call runs as `agent`, through the policy, the approvers and an
 * `execute_tool` span whose `gen_ai.tool.call.id` is the SDK's `toolCallId`. Returns the same tool set type:
 * every property is kept, only `execute` changes. Tools without `execute` (client-side) are returned as is.
 * `abortSignal` is honoured; an `async *execute` keeps streaming preliminary results, gated before the first
 * chunk (any other `execute` returning an AsyncIterable is drained: the SDK sees only its last value). The
 * gate decides on the input the SDK validated against `inputSchema` (it is not validated twice). Local tool
 * callers are gated too. `require_approval` goes to the gate's approvers; to ask the user through the SDK's
 * own flow, register {@link createUserApproval}'s approver.
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
  const own = options.tools?.[name];
  const spec = {
    name,
    description: typeof tool.description === "string" ? tool.description : undefined,
    // The SDK has validated (and transformed) the input against inputSchema already: validating its output
    // again would apply transforms twice, so the gate takes the input as the SDK hands it to `execute`.
    input: passthroughSchema(),
    risk: own?.risk ?? options.risk ?? "medium",
    tags: own?.tags ?? options.tags ?? [],
  };
  // Guarded once: each call then runs the SDK's own execute, with that call's options, through `invoke`.
  const gated = agent.guard(defineTool({ ...spec, execute: runsThroughInvoke }));
  const call = (input: unknown, sdk: ToolExecutionOptions<unknown>, emit?: Emit) =>
    gated.invoke(input, (checked, ctx) => runOriginal(original, checked, { ...sdk, abortSignal: ctx.signal }, emit), {
      callId: sdk.toolCallId,
      conversationId: options.conversationId,
      signal: sdk.abortSignal,
    });
  const refused = (error: unknown, toolCallId: string) => {
    if (!isRefusal(error)) throw error;
    options.onRefusal?.(error, { toolName: name, toolCallId });
    if (options.refusal === "result") return refusalText(error);
    // The model reads `String(error)`: the same code and decision, with the reason-and-rule text as message.
    const { code, decision, agentId, tool: toolName } = error;
    throw new ToolgateError({ code, decision, agentId, tool: toolName, message: refusalText(error), cause: error });
  };
  const execute: Execute = isAsyncGeneratorFunction(tool.execute)
    ? (input, sdk) =>
        relay((emit) =>
          call(input, sdk, emit).then(
            () => undefined,
            (error) => refused(error, sdk.toolCallId),
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
  bindGuarded(guarded, { agent, name, conversationId: options.conversationId });
  return guarded;
}
