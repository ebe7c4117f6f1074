import type { Agent } from "../identity/agent.js";
import type { Decision } from "../policy/decision.js";
import { aborted, refuse } from "./refuse.js";
import type { Stage } from "./types.js";

/**
 * Options of the {@link contain} stage.
 *
 * @example
 * ```ts
 * const options: ContainOptions = { suspension: () => undefined };
 * ```
 */
export interface ContainOptions {
  /** The suspension that applies to the agent (its own or an ancestor's), if any. */
  suspension: (agent: Agent) => { reason: string; by: string } | undefined;
}

/** The decision for a suspended agent, naming whose suspension applies. */
export function suspendedDecision(agent: Agent, suspension: { reason: string; by: string }): Decision {
  const by = suspension.by === agent.id ? "the agent" : `its ancestor ${suspension.by}`;
  return { effect: "deny", rule: "suspended", reason: `${by} is suspended: ${suspension.reason}` };
}

/**
 * The kill switch: a suspended agent (or a delegate of one) is refused before anything else runs.
 *
 * @example
 * ```ts
 * const stage = contain({ suspension: (agent) => registry.suspension(agent) });
 * ```
 */
export function contain(options: ContainOptions): Stage {
  return (call, next) => {
    const suspension = options.suspension(call.agent);
    if (suspension) {
      const advice = `Investigate, then gate.resume("${suspension.by}") to allow calls again.`;
      throw refuse(call, "AGENT_SUSPENDED", suspendedDecision(call.agent, suspension), advice);
    }
    if (call.signal.aborted) throw aborted(call);
    return next();
  };
}
