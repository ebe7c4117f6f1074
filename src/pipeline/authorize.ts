import type { Decision } from "../policy/decision.js";
import { refuse } from "./refuse.js";
import type { CallState, Step } from "./types.js";

/**
 * Options of the {@link authorize} stage.
 *
 * @example
 * ```ts
 * const options: AuthorizeOptions = { decide: () => ({ effect: "deny", rule: "default-deny", reason: "no rule" }) };
 * ```
 */
export interface AuthorizeOptions {
  /** The synchronous policy decision for the call (validated input, delegation included). */
  decide: (call: CallState) => Decision;
}

/**
 * The local permission check: asks the compiled policy, records the decision, refuses `deny`. A policy
 * that throws denies (rule `policy-error`).
 *
 * @example
 * ```ts
 * const stage = authorize({ decide: (call) => evaluate(policy, call) });
 * ```
 */
export function authorize(options: AuthorizeOptions): Step {
  return (call, next) => {
    call.decided = true;
    let decision: Decision;
    try {
      decision = options.decide(call);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      decision = {
        effect: "deny",
        rule: "policy-error",
        reason: `the policy could not be evaluated (${message})`,
      };
    }
    if (decision.effect === "deny") {
      throw refuse(call, "TOOL_DENIED", decision, "If this agent should be allowed, change the policy; do not retry.");
    }
    call.decision = decision;
    return next();
  };
}
