import type { Decision } from "../policy/decision.js";
import type { ChainMember, Suspension } from "../store/types.js";
import { aborted, refuse } from "./refuse.js";
import { callAborted } from "./signal.js";
import type { Step } from "./types.js";

/**
 * Options of the {@link contain} stage.
 *
 * @example
 * ```ts
 * const options: ContainOptions = { suspension: (chain) => store.suspensions.find(chain) };
 * ```
 */
export interface ContainOptions {
  /** The suspension that applies to a chain (its agent's own, an ancestor's, or one of a name in it). */
  suspension: (chain: readonly ChainMember[]) => Suspension | undefined;
}

/** The decision for a suspended agent, naming whose suspension applies. */
export function suspendedDecision(self: string, suspension: Suspension): Decision {
  const { target } = suspension;
  const whose =
    "name" in target
      ? `every agent named "${target.name}" is suspended`
      : target.id === self
        ? "the agent is suspended"
        : `its ancestor ${target.id} is suspended`;
  return { effect: "deny", rule: "suspended", reason: `${whose}: ${suspension.reason}` };
}

/** How to lift a suspension, as the refusal's advice. */
export const resumeAdvice = (suspension: Suspension): string =>
  `Investigate, then gate.resume(${JSON.stringify("name" in suspension.target ? suspension.target : suspension.target.id)}) to allow calls again.`;

/**
 * The kill switch: a suspended agent (or a delegate of one) is refused before anything else runs. This
 * reads the store's local view; admission checks again at the source of truth.
 *
 * @example
 * ```ts
 * const stage = contain({ suspension: (chain) => store.suspensions.find(chain) });
 * ```
 */
export function contain(options: ContainOptions): Step {
  return (call, next) => {
    const suspension = options.suspension(call.agent.members);
    if (suspension) {
      throw refuse(call, "AGENT_SUSPENDED", suspendedDecision(call.agent.id, suspension), resumeAdvice(suspension));
    }
    if (callAborted(call)) throw aborted(call);
    return next();
  };
}
