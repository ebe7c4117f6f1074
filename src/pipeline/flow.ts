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

// Bounds memory to the most recently active conversations; within one, only the newest call that can start
// each flow is kept, so no number of unrelated (or other flows') calls can push it out before its window ends.
const MAX_CONVERSATIONS = 10_000;

const selects = (selector: CompiledSelector, tool: Tool): boolean =>
  (selector.tools !== undefined && matchesAny(selector.tools, tool.name)) ||
  (selector.tags !== undefined && tool.tags.some((tag) => selector.tags?.has(tag)));

/**
 * For each root agent and conversation, the newest call that ran and can start each flow. Keyed by the
 * root of the delegation chain, so an agent cannot launder a chain through its delegates.
 */
export class FlowTracker {
  readonly #started = new Map<string, Map<string, Ran>>();

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
    const started = this.#started.get(key);
    if (!started) return undefined;
    let found: { flow: CompiledFlow; after: Tool } | undefined;
    for (const flow of flows) {
      if (!selects(flow.then, tool)) continue;
      const earlier = started.get(flow.id);
      if (!earlier || now - earlier.at > flow.windowMs) continue;
      if (flow.effect === "deny") return { flow, after: earlier.tool };
      found ??= { flow, after: earlier.tool };
    }
    return found;
  }

  /** Remembers a call that ran, for every flow it can start. */
  note(flows: readonly CompiledFlow[], key: string, tool: Tool, now: number): void {
    let started: Map<string, Ran> | undefined;
    for (const flow of flows) {
      if (!selects(flow.after, tool)) continue;
      started ??= this.#started.get(key) ?? new Map<string, Ran>();
      started.set(flow.id, { tool, at: now });
    }
    if (!started) return;
    this.#started.delete(key);
    this.#started.set(key, started);
    if (this.#started.size > MAX_CONVERSATIONS) this.#started.delete(this.#started.keys().next().value as string);
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
      if (call.executed) options.tracker.note(flows, key, call.tool, now());
    };
    return next().finally(remember);
  };
}
