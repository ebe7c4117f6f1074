import type { Decision } from "../policy/decision.js";
import type { PreparedInput } from "../policy/prepared.js";
import { shadowOf } from "./shadow.js";
import type { CallState, Step } from "./types.js";
import { verdict } from "./verdict.js";

/**
 * Options of the {@link authorize} stage.
 *
 * @example
 * ```ts
 * const options: AuthorizeOptions = { decide: () => ({ effect: "deny", rule: "default-deny", reason: "no rule" }) };
 * ```
 */
export interface AuthorizeOptions {
  /** The synchronous policy decision for the call (decided value, delegation included), by the enforced rules. */
  decide: (call: CallState, prepared: PreparedInput | undefined) => Decision;
  /**
   * Only for a policy with shadow rules: the decision by every rule as written, shadow rules included. It decides
   * calls in shadow mode, and is recorded beside `decide`'s on enforced calls where the two differ.
   */
  decideAsWritten?: (call: CallState, prepared: PreparedInput | undefined) => Decision;
  /**
   * For a policy whose conditions follow symbolic links: looks the paths up first (asynchronous, and racy
   * against the file system by nature), so the decision itself stays synchronous.
   */
  prepare?: (input: unknown) => Promise<PreparedInput>;
}

type Decide = AuthorizeOptions["decide"];

function attempt(decide: Decide, call: CallState, prepared: PreparedInput | undefined): Decision {
  try {
    return decide(call, prepared);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { effect: "deny", rule: "policy-error", reason: `the policy could not be evaluated (${message})` };
  }
}

function decided(
  options: AuthorizeOptions,
  call: CallState,
  prepared: PreparedInput | undefined,
  next: () => Promise<unknown>,
) {
  const { decideAsWritten } = options;
  // In shadow mode every rule is in shadow, so the rules as written decide what would have happened.
  const decision = attempt(call.shadow ? (decideAsWritten ?? options.decide) : options.decide, call, prepared);
  if (!call.shadow && decideAsWritten) {
    const written = attempt(decideAsWritten, call, prepared);
    if (written.effect !== decision.effect || written.rule !== decision.rule) call.wouldBe = shadowOf(written, "rule");
  }
  if (decision.effect === "deny") {
    verdict(call, "TOOL_DENIED", decision, "If this agent should be allowed, change the policy; do not retry.");
    return next();
  }
  call.decision = decision;
  return next();
}

/**
 * The local permission check: asks the compiled policy, records the decision, refuses `deny` (in shadow mode,
 * records it as would-be). A policy that throws denies (rule `policy-error`); so does a path lookup for `realpath`
 * conditions that fails.
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
      (error: unknown) => {
        const failed: Decide = () => {
          throw error;
        };
        return decided({ decide: failed, decideAsWritten: options.decideAsWritten && failed }, call, undefined, next);
      },
    );
  };
}
