import type { ToolgateErrorCode } from "../errors.js";
import type { Decision } from "../policy/decision.js";
import { refuse } from "./refuse.js";
import { shadowed } from "./shadow.js";
import type { CallState } from "./types.js";

/**
 * Where the policy, delegation, a limit, a flow or the approval step refuses: throws the refusal — or, in shadow
 * mode, records that enforcement would have refused and returns, so the stage lets the call go on. Suspension and
 * invalid input never come here: they always refuse.
 *
 * @example
 * ```ts
 * function stage(call: Parameters<typeof verdict>[0], next: () => Promise<unknown>) {
 *   verdict(call, "TOOL_DENIED", { effect: "deny", rule: "no-prod", reason: "prod is closed" }, "Do not retry.");
 *   return next();
 * }
 * ```
 */
export function verdict(
  call: CallState,
  code: ToolgateErrorCode,
  decision: Decision,
  advice: string,
  extra?: { retryAfterMs?: number },
): void {
  if (!call.shadow) throw refuse(call, code, decision, advice, extra);
  shadowed(call, decision);
}
