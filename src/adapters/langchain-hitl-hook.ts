import type { ToolCall } from "@langchain/core/messages/tool";
import { AIMessage, type HumanInTheLoopMiddlewareConfig, humanInTheLoopMiddleware, ToolMessage } from "langchain";
import type { Agent } from "../identity/agent.js";
import type { GuardedTool } from "../tool/guarded.js";
import type { HumanInTheLoop, Runtime } from "./langchain-hitl.js";
import { outcomesOf } from "./langchain-outcomes.js";
import { recordOutcomes } from "./langchain-record.js";

type HitlHook = (state: { messages: unknown[] }, runtime: unknown) => Promise<{ messages?: unknown[] } | undefined>;

const threadOf = (runtime: Runtime) =>
  typeof runtime.configurable?.thread_id === "string" ? runtime.configurable.thread_id : undefined;

const ALL_DECISIONS = ["approve", "edit", "reject"] as const;

/**
 * The `afterModel` hook of `toolgateMiddleware` with a human in the loop: asks the gate about each tool call of
 * the model's message, runs HITL's own hook with the calls the gate (or `interruptOn`) wants asked, and once
 * HITL has the human's decisions (after the resume), records each for the gate.
 */
export function hitlHook(loop: HumanInTheLoop, agent: Agent, guardedFor: (name: string) => GuardedTool | undefined) {
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
      // Registered, so the dry run judges it as the tool node will; a made-up name is refused there, not asked.
      if (!guardedFor(call.name)) continue;
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
