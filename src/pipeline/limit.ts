import { TOOLGATE } from "../audit/semconv.js";
import { getOrCreate } from "../internal/get-or-create.js";
import type { CompiledLimit } from "../policy/compiled.js";
import type { Decision } from "../policy/decision.js";
import { refuse } from "./refuse.js";
import type { Stage, ToolCall } from "./types.js";

/** Sliding-window counters per agent and limit: at most `max` admitted calls in any `window`. */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();

  #recent(agentId: string, limit: CompiledLimit, now: number): number[] {
    const key = `${agentId}\u0000${limit.id}`;
    const hits = getOrCreate(this.#hits, key, (): number[] => []);
    let expired = 0;
    while (expired < hits.length && (hits[expired] as number) <= now - limit.windowMs) expired++;
    if (expired > 0) hits.splice(0, expired);
    return hits;
  }

  /** The first limit one more call would exceed, without counting the call. */
  exceeded(agentId: string, limits: readonly CompiledLimit[], now: number): CompiledLimit | undefined {
    for (const limit of limits) if (this.#recent(agentId, limit, now).length >= limit.max) return limit;
    return undefined;
  }

  /** Counts one admitted call against every limit. */
  take(agentId: string, limits: readonly CompiledLimit[], now: number): void {
    for (const limit of limits) this.#recent(agentId, limit, now).push(now);
  }
}

/** The decision for a call past a limit. */
export function limitDecision(hit: CompiledLimit): Decision {
  return {
    effect: "deny",
    rule: hit.id,
    reason: `limit "${hit.id}" allows ${hit.max} calls per ${hit.windowMs} ms`,
  };
}

/** The limits that apply to one agent of a call's delegation chain, counted under that agent's id. */
export interface Budget {
  readonly agentId: string;
  readonly limits: readonly CompiledLimit[];
}

/**
 * Options of the {@link limit} stage.
 *
 * @example
 * ```ts
 * const options: LimitOptions = { limiter: new RateLimiter(), budgets: () => [] };
 * ```
 */
export interface LimitOptions {
  limiter: RateLimiter;
  /** The budgets a call draws on: its agent's, and every ancestor's (a delegate spends its parent's budget too). */
  budgets: (call: ToolCall) => readonly Budget[];
  now?: () => number;
}

/** The first budget one more call would exceed, and the limit it hits. */
export function exceededBudget(
  limiter: RateLimiter,
  budgets: readonly Budget[],
  now: number,
): CompiledLimit | undefined {
  for (const budget of budgets) {
    const hit = limiter.exceeded(budget.agentId, budget.limits, now);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Budgets: refuses a call past any limit of its agent or an ancestor (`LIMIT_EXCEEDED`, naming it),
 * otherwise counts it against each. A call refused later (say, by its approver) still counts, so an agent
 * cannot spam approval requests, and a fresh delegate cannot reset its parent's budget.
 *
 * @example
 * ```ts
 * const stage = limit({ limiter, budgets: (call) => [{ agentId: call.agent.id, limits: [] }] });
 * ```
 */
export function limit(options: LimitOptions): Stage {
  const now = options.now ?? Date.now;
  return (call, next) => {
    const budgets = options.budgets(call);
    if (budgets.length === 0) return next();
    const at = now();
    const hit = exceededBudget(options.limiter, budgets, at);
    if (hit)
      throw refuse(call, "LIMIT_EXCEEDED", limitDecision(hit), "Wait for the window to pass before calling again.");
    for (const budget of budgets) options.limiter.take(budget.agentId, budget.limits, at);
    if (call.span.isRecording()) {
      call.span.setAttribute(
        TOOLGATE.limits,
        budgets.flatMap((budget) => budget.limits.map((l) => l.id)),
      );
    }
    return next();
  };
}
