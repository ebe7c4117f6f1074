import type { Decision } from "../policy/decision.js";
import { formatDuration } from "../policy/duration.js";
import type { CompiledMonitor } from "./compile.js";
import type { Hit } from "./hits.js";

/** The reason a monitor gives, naming it: `monitor "burst" (rate): more than 20 watched calls in 1m`. */
export const hitReason = (hit: Hit): string => `monitor "${hit.monitor.id}" (${hit.monitor.kind}): ${hit.detail}`;

/** The refusal of the call that made a `suspend` monitor fire (`failed`: why the suspension was not recorded). */
export function suspendedByMonitor(hit: Hit, root: string, failed?: string): Decision {
  const done = failed
    ? `every agent named "${root}" is to be suspended, but the store failed (${failed}); the call is refused either way`
    : `every agent named "${root}" is suspended`;
  return { effect: "deny", rule: hit.monitor.id, reason: `${hitReason(hit)}; ${done}` };
}

/** The approval a `require_approval` monitor's hit asks for. */
export const approvalAfterHit = (hit: Hit): Decision => ({
  effect: "require_approval",
  rule: hit.monitor.id,
  reason: `${hitReason(hit)}; the agent's calls need approval for ${formatDuration(hit.monitor.cooldownMs)}`,
  approval: hit.monitor.approval,
});

/** The approval a cool-down still running asks for. */
export const approvalWhileCooling = (monitor: CompiledMonitor, leftMs: number): Decision => ({
  effect: "require_approval",
  rule: monitor.id,
  reason: `monitor "${monitor.id}" (${monitor.kind}) fired: the agent's calls need approval for ${formatDuration(leftMs)} more`,
  approval: monitor.approval,
});
