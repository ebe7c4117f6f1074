import type { ToolCall } from "@langchain/core/messages/tool";
import { AIMessage, type HumanInTheLoopMiddlewareConfig, humanInTheLoopMiddleware, ToolMessage } from "langchain";
import type { Approver } from "../approval/types.js";
import { ToolgateError } from "../errors.js";
import type { Gate } from "../gate/types.js";
import type { Agent } from "../identity/agent.js";
import type { GuardedTool } from "../tool/guarded.js";
import { type Bridge, type BridgeOptions, createBridge } from "./core/bridge.js";
import { outcomesOf } from "./langchain-outcomes.js";
import { recordOutcomes } from "./langchain-record.js";

/** What the hooks read of a LangChain run: its context and thread. */
export type Runtime = { context?: unknown; configurable?: { thread_id?: unknown; [key: string]: unknown } };
type HitlHook = (state: { messages: unknown[] }, runtime: unknown) => Promise<{ messages?: unknown[] } | undefined>;

/**
 * Options of {@link createHitlApproval}: where answers are kept, and who the human deciding is.
 *
 * @example
 * ```ts
 * const options: HitlApprovalOptions = { store, by: (runtime) => String(runtime.configurable?.user) };
 * ```
 */
export interface HitlApprovalOptions extends BridgeOptions {
  /** Who decides, as recorded on the span and the ledger: a name, or read from the run (say its `configurable`). */
  by: string | ((runtime: Runtime) => string);
}

/**
 * The toolgate side of LangChain's `humanInTheLoopMiddleware` (see {@link createHitlApproval}).
 *
 * @example
 * ```ts
 * const hitl = createHitlApproval({ store, by: "alice@example.com" });
 * const gate = createGate({ policy, store, approvers: { user: hitl.approver } });
 * const middleware = [toolgateMiddleware(bot, { humanInTheLoop: { approvals: hitl, gate } })];
 * ```
 */
export interface HitlApproval {
  /** Register it in `createGate({ approvers })` under the name the policy uses (default `"user"`). */
  readonly approver: Approver;
  /** @internal The bridge the middleware records the human's decisions through. */
  readonly bridge: Bridge;
  /** @internal Who decided, for a run. */
  readonly by: (runtime: Runtime) => string;
}

/**
 * What `toolgateMiddleware` takes to ask the human through `humanInTheLoopMiddleware`: the bridge, the gate it
 * is registered with, and HITL's own options (`interruptOn` adds tools to ask about; the gate asks for the rest).
 *
 * @example
 * ```ts
 * const humanInTheLoop: HumanInTheLoop = { approvals: hitl, gate, descriptionPrefix: "Approve this?" };
 * ```
 */
export interface HumanInTheLoop extends Partial<HumanInTheLoopMiddlewareConfig> {
  approvals: HitlApproval;
  gate: Gate;
}

/**
 * Bridges toolgate's `require_approval` to LangChain's human-in-the-loop interrupts (use it through
 * `toolgateMiddleware(agent, { humanInTheLoop: { approvals, gate } })`). The graph pauses with HITL's interrupt
 * for every call the gate would ask this approver about; the human's decisions (`Command({ resume: { decisions
 * } })`) are kept in `store` and reach the gate: approve, edit (the edited call is a new decision, approved as
 * edited), reject (refused by the gate and recorded). A run resumed from its checkpoint in another process
 * finds them, runs an approved call once, and asks nobody again.
 *
 * @example
 * ```ts
 * const hitl = createHitlApproval({ approver: "user", store: gate.store, by: "alice@example.com" });
 * ```
 */
export function createHitlApproval(options: HitlApprovalOptions): HitlApproval {
  const bridge = createBridge(options);
  if (typeof options?.by !== "function" && (typeof options?.by !== "string" || options.by.trim() === "")) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: "createHitlApproval: `by` must name who decides (a string or a function of the run).",
    });
  }
  const by = (runtime: Runtime) => (typeof options.by === "function" ? options.by(runtime) : options.by);
  return { approver: bridge.approver, bridge, by };
}

const threadOf = (runtime: Runtime) =>
  typeof runtime.configurable?.thread_id === "string" ? runtime.configurable.thread_id : undefined;

const ALL_DECISIONS = ["approve", "edit", "reject"] as const;

/**
 * The `afterModel` hook of `toolgateMiddleware` with a human in the loop: asks the gate about each tool call of
 * the model's message, runs HITL's own hook with the calls the gate (or `interruptOn`) wants asked, and once
 * HITL has the human's decisions (after the resume), records each for the gate.
 */
export function hitlHook(loop: HumanInTheLoop, agent: Agent, guardedFor: (name: string) => GuardedTool) {
  const { approvals, gate, ...hitlOptions } = loop;
  return async (state: { messages: unknown[] }, rawRuntime: unknown) => {
    const runtime = rawRuntime as Runtime;
    const last = [...state.messages].reverse().find((message) => AIMessage.isInstance(message)) as
      | AIMessage
      | undefined;
    const asked: ToolCall[] = (last?.tool_calls ?? []).map((call) => ({ ...call, args: structuredClone(call.args) }));
    const conversationId = threadOf(runtime);
    const needed = new Set<string>();
    for (const call of asked) {
      guardedFor(call.name); // registered, so the dry run judges it as the tool node will
      const verdict = await approvals.bridge.verdict(gate, {
        agent,
        tool: call.name,
        input: call.args,
        callId: call.id ?? "",
        conversationId,
      });
      if (call.id && (verdict.kind === "ask" || verdict.kind === "answered")) needed.add(call.id);
    }
    const interruptOn: NonNullable<HumanInTheLoopMiddlewareConfig["interruptOn"]> = { ...hitlOptions.interruptOn };
    for (const name of new Set(asked.filter((c) => needed.has(c.id ?? "")).map((c) => c.name))) {
      const own = interruptOn[name];
      const config = typeof own === "object" ? own : { allowedDecisions: [...ALL_DECISIONS] };
      const when = typeof own === "object" ? own.when : undefined;
      interruptOn[name] = {
        ...config,
        when: async (request, ...rest) =>
          needed.has((request as { toolCall: ToolCall }).toolCall.id ?? "") ||
          (own !== undefined && own !== false && (!when || (await when(request, ...rest)))),
      };
    }
    const hitl = humanInTheLoopMiddleware({ ...hitlOptions, interruptOn });
    const hook = (hitl.afterModel as unknown as { hook: HitlHook }).hook;
    // Our interruptOn wins over one in the run's context (which would otherwise replace it).
    const context = { ...(runtime.context as object), interruptOn };
    const result = await hook(state, Object.create(rawRuntime as object, { context: { value: context } })); // throws the interrupt until resumed
    const rejected = (result?.messages ?? []).filter((m): m is ToolMessage => ToolMessage.isInstance(m));
    const outcomes = outcomesOf(
      asked.filter((c) => needed.has(c.id ?? "")),
      last?.tool_calls ?? [],
      rejected,
    );
    await recordOutcomes(approvals.bridge, gate, outcomes, {
      agent,
      conversationId,
      by: approvals.by(runtime),
      guardedFor,
    });
    return result;
  };
}
