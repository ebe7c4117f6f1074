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

/**
 * Options of the {@link limit} stage.
 *
 * @example
 * ```ts
 * const options: LimitOptions = { limiter: new RateLimiter(), limitsFor: () => [] };
 * ```
 */
export interface LimitOptions {
  limiter: RateLimiter;
  limitsFor: (call: ToolCall) => readonly CompiledLimit[];
  now?: () => number;
}

/**
 * Budgets: refuses a call past any limit (`LIMIT_EXCEEDED`, naming it), otherwise counts it. A call
 * refused later (say, by its approver) still counts, so an agent cannot spam approval requests.
 *
 * @example
 * ```ts
 * const stage = limit({ limiter, limitsFor: (call) => policy.compiled.candidates(call.agent.name, call.tool.name).limits });
 * ```
 */
export function limit(options: LimitOptions): Stage {
  const now = options.now ?? Date.now;
  return (call, next) => {
    const limits = options.limitsFor(call);
    if (limits.length === 0) return next();
    const at = now();
    const hit = options.limiter.exceeded(call.agent.id, limits, at);
    if (hit)
      throw refuse(call, "LIMIT_EXCEEDED", limitDecision(hit), "Wait for the window to pass before calling again.");
    options.limiter.take(call.agent.id, limits, at);
    return next();
  };
}
