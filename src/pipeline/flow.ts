import type { CompiledFlow, CompiledSelector } from "../policy/compiled.js";
import type { Decision } from "../policy/decision.js";
import { matchesAny } from "../policy/glob.js";
import { strictest } from "../policy/merge.js";
import type { Tool } from "../tool/tool.js";
import { refuse } from "./refuse.js";
import type { Stage, ToolCall } from "./types.js";

interface Ran {
  readonly tool: Tool;
  readonly at: number;
}

// Bounds memory: the newest calls per conversation, and the most recently active conversations.
const MAX_CALLS_PER_CONVERSATION = 256;
const MAX_CONVERSATIONS = 10_000;

const selects = (selector: CompiledSelector, tool: Tool): boolean =>
  (selector.tools !== undefined && matchesAny(selector.tools, tool.name)) ||
  (selector.tags !== undefined && tool.tags.some((tag) => selector.tags?.has(tag)));

/**
 * The history of calls that ran, per root agent and conversation. Keyed by the root of the delegation
 * chain, so an agent cannot launder a chain through its delegates.
 */
export class FlowTracker {
  readonly #history = new Map<string, Ran[]>();

  static key(call: Pick<ToolCall, "agent" | "conversationId">): string {
    return `${call.agent.chain[0]}\u0000${call.conversationId ?? ""}`;
  }

  /** The flow the call would complete (a `deny` one first), and the earlier call that started it. */
  match(
    flows: readonly CompiledFlow[],
    key: string,
    tool: Tool,
    now: number,
  ): { flow: CompiledFlow; after: Tool } | undefined {
    const history = this.#history.get(key);
    if (!history) return undefined;
    let found: { flow: CompiledFlow; after: Tool } | undefined;
    for (const flow of flows) {
      if (!selects(flow.then, tool)) continue;
      const earlier = history.find((ran) => now - ran.at <= flow.windowMs && selects(flow.after, ran.tool));
      if (!earlier) continue;
      if (flow.effect === "deny") return { flow, after: earlier.tool };
      found ??= { flow, after: earlier.tool };
    }
    return found;
  }

  note(key: string, tool: Tool, now: number): void {
    const history = this.#history.get(key) ?? [];
    this.#history.delete(key);
    history.push({ tool, at: now });
    if (history.length > MAX_CALLS_PER_CONVERSATION) history.shift();
    this.#history.set(key, history);
    if (this.#history.size > MAX_CONVERSATIONS) this.#history.delete(this.#history.keys().next().value as string);
  }
}

/** The decision a matched flow leads to, given the decision so far (both approvals are then required). */
export function flowDecision(flow: CompiledFlow, after: Tool, tool: Tool, current: Decision | undefined): Decision {
  const reason = `flow "${flow.id}": "${tool.name}" after "${after.name}"`;
  if (flow.effect === "deny") return { effect: "deny", rule: flow.id, reason: `${reason} is not allowed` };
  const own: Decision = {
    effect: "require_approval",
    rule: flow.id,
    reason: `${reason} needs approval`,
    approval: flow.approval,
  };
  return current ? strictest(current, own) : own;
}

/**
 * Options of the {@link flow} stage.
 *
 * @example
 * ```ts
 * const options: FlowOptions = { tracker: new FlowTracker(), flows: () => policy.compiled.flows };
 * ```
 */
export interface FlowOptions {
  tracker: FlowTracker;
  flows: () => readonly CompiledFlow[];
  now?: () => number;
}

/**
 * Chain rules: denies, or asks approval for, a call that follows a matching earlier call of the same
 * agent and conversation; remembers each call that ran.
 *
 * @example
 * ```ts
 * const stage = flow({ tracker, flows: () => policy.compiled.flows });
 * ```
 */
export function flow(options: FlowOptions): Stage {
  const now = options.now ?? Date.now;
  return (call, next) => {
    const flows = options.flows();
    if (flows.length === 0) return next();
    const key = FlowTracker.key(call);
    const matched = options.tracker.match(flows, key, call.tool, now());
    if (matched) {
      const decision = flowDecision(matched.flow, matched.after, call.tool, call.decision);
      if (decision.effect === "deny") {
        throw refuse(call, "TOOL_DENIED", decision, "This sequence of calls is blocked by policy; do not retry.");
      }
      call.decision = decision;
    }
    const remember = () => {
      if (call.executed) options.tracker.note(key, call.tool, now());
    };
    return next().finally(remember);
  };
}
