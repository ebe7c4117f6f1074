import { matchesAny } from "../../policy/glob.js";
import { BUILT_IN_RULES } from "../../policy/ids.js";
import type { Policy } from "../../policy/policy.js";
import type { CallRecord } from "../trail/calls.js";

/**
 * How a candidate's decision differs from the recorded one: `denied` (it refuses a call that was allowed, with or
 * without approval), `escalated` (an allowed call now needs approval), `relaxed` (a call that needed approval no
 * longer does), `allowed` (it lets through a call that was denied).
 *
 * @example
 * ```ts
 * const tightening: ReplayChange[] = ["denied", "escalated"];
 * ```
 */
export type ReplayChange = "denied" | "escalated" | "relaxed" | "allowed";

const EFFECTS = new Set(["allow", "deny", "require_approval"]);
// A refusal with these codes was decided by the policy (or its approval need), so the policy's part can be replayed.
const POLICY_CODES = new Set(["TOOL_DENIED", "APPROVAL_DENIED", "APPROVAL_TIMEOUT", "APPROVAL_FAILED", "NO_APPROVER"]);
const BUILT_IN = new Set(BUILT_IN_RULES);

/** Why a recorded call's decision cannot be compared with the candidate's, or `undefined` when it can. */
export function notComparable(call: CallRecord, policy: Policy): string | undefined {
  if (call.kind === "refusal" && !POLICY_CODES.has(call.code ?? ""))
    return `refused with ${call.code || "no code"}, which replay does not remake`;
  const rules = call.decision.rule.split("+");
  const builtIn = rules.find((rule) => BUILT_IN.has(rule) || rule.startsWith("stage:"));
  if (builtIn) return `decided by ${builtIn}, which is not policy`;
  const stateful = new Set(
    [...(policy.definition.limits ?? []), ...(policy.definition.flows ?? [])].map((item) => item.id),
  );
  const byState = rules.find((rule) => stateful.has(rule));
  if (byState) return `decided by limit or flow ${byState}, which depend on earlier calls`;
  if (!EFFECTS.has(call.decision.effect))
    return `recorded with an unknown effect ${JSON.stringify(call.decision.effect)}`;
  return undefined;
}

/** The change from the recorded effect to the candidate's, or `undefined` when they are the same. */
export function changeOf(recorded: string, candidate: string): ReplayChange | undefined {
  if (recorded === candidate) return undefined;
  if (candidate === "deny") return "denied";
  if (recorded === "deny") return "allowed";
  return candidate === "require_approval" ? "escalated" : "relaxed";
}

/** Whether a rule of the policy that could apply to this agent (any name of its chain) and tool has conditions. */
export function dependsOnArguments(policy: Policy, names: readonly string[], tool: string): boolean {
  return policy.compiled.rules.some(
    (rule) =>
      rule.conditions.length > 0 &&
      rule.tools.some((glob) => glob.test(tool)) &&
      (rule.agents === undefined || names.some((name) => matchesAny(rule.agents ?? [], name))),
  );
}
