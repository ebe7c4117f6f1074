import type { CallState } from "../pipeline/types.js";
import type { Settlement } from "../store/types.js";
import { anomalyOf, recordAnomaly } from "./anomaly.js";
import type { CompiledMonitor } from "./compile.js";
import { hitReason } from "./decisions.js";
import { hitOf } from "./hits.js";
import type { Monitoring } from "./parts.js";

const NONE = Object.freeze([]);

/** After a refused call: `denials` monitors over their threshold fire, and act on the calls that follow. */
function refused(
  monitoring: Monitoring,
  call: CallState,
  refusing: readonly CompiledMonitor[],
  counts: readonly number[],
) {
  const shadow = monitoring.shadow(call);
  refusing.forEach((monitor, index) => {
    const hit = hitOf(monitor, { observed: counts[index] ?? 0, learning: false, items: NONE }, "", undefined);
    if (!hit) return;
    recordAnomaly(monitoring.audit, monitoring.listeners, call, anomalyOf(call, hit, !shadow, monitoring.clock.wall()));
    if (shadow) return;
    const root = call.agent.rootName;
    if (monitor.action === "suspend") monitoring.suspend({ name: root }, hitReason(hit)).catch(() => {});
    if (monitor.action === "require_approval") {
      void Promise.resolve(
        monitoring.store.monitors.coolDown(call.agent.rootKey, monitor.id, monitor.cooldownMs),
      ).catch(() => {});
    }
  });
}

/**
 * Tells the monitors how a call ended: a call whose tool started teaches them its new tools and its place in
 * each sequence; a refusal counts for `denials` monitors (unless the agent is suspended: a contained agent's
 * refusals are not probing). Never awaited by the call, and nothing here can change its outcome.
 */
export function settleMonitors(monitoring: Monitoring, call: CallState, outcome: Settlement["outcome"]): void {
  try {
    const taught = monitoring.lessons.get(call);
    if (taught) monitoring.lessons.delete(call);
    const lessons = call.executed ? taught : undefined;
    const { refusing } = monitoring.watchers(call.agent, call.tool);
    const counting = outcome === "denied" && refusing.length > 0 && !monitoring.suspended(call.agent.members);
    if (!lessons && !counting) return;
    const refusals = counting ? refusing : NONE;
    const counts = monitoring.store.monitors.settle({
      ticket: call.ticket,
      root: call.agent.rootKey,
      learn: lessons?.learn ?? NONE,
      sequences: lessons?.sequences ?? NONE,
      refusals: refusals.map(({ id, max, windowMs }) => ({ id, max, windowMs })),
    });
    if (refusals.length === 0) return;
    if (counts instanceof Promise)
      counts.then(
        (settled) => refused(monitoring, call, refusals, settled),
        () => {},
      );
    else refused(monitoring, call, refusals, counts);
  } catch {
    // The call has ended either way; a monitor that cannot count it misses one refusal.
  }
}
