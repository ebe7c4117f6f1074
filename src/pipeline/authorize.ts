import type { Decision } from "../policy/decision.js";
import type { PreparedInput } from "../policy/prepared.js";
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
  /** The synchronous policy decision for the call (decided value, delegation included). */
  decide: (call: CallState, prepared: PreparedInput | undefined) => Decision;
  /**
   * For a policy whose conditions follow symbolic links: looks the paths up first (asynchronous, and racy
   * against the file system by nature), so the decision itself stays synchronous.
   */
  prepare?: (input: unknown) => Promise<PreparedInput>;
}

function decided(
  options: AuthorizeOptions,
  call: CallState,
  prepared: PreparedInput | undefined,
  next: () => Promise<unknown>,
) {
  let decision: Decision;
  try {
    decision = options.decide(call, prepared);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    decision = { effect: "deny", rule: "policy-error", reason: `the policy could not be evaluated (${message})` };
  }
  if (decision.effect === "deny") {
    throw refuse(call, "TOOL_DENIED", decision, "If this agent should be allowed, change the policy; do not retry.");
  }
  call.decision = decision;
  return next();
}

/**
 * The local permission check: asks the compiled policy, records the decision, refuses `deny`. A policy that
 * throws denies (rule `policy-error`); so does a path lookup for `realpath` conditions that fails.
 *
 * @example
 * ```ts
 * const stage = authorize({ decide });
 * ```
 */
export function authorize(options: AuthorizeOptions): Step {
  return (call, next) => {
    call.decided = true;
    if (!options.prepare) return decided(options, call, undefined, next);
    return options.prepare(call.input).then(
      (prepared) => decided(options, call, prepared, next),
      (error: unknown) =>
        decided(
          {
            decide: () => {
              throw error;
            },
          },
          call,
          undefined,
          next,
        ),
    );
  };
}
