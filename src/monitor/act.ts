import { refuse } from "../pipeline/refuse.js";
import type { CallState } from "../pipeline/types.js";
import type { Decision } from "../policy/decision.js";
import { strictest } from "../policy/merge.js";
import { anomalyOf, recordAnomaly } from "./anomaly.js";
import type { CompiledMonitor } from "./compile.js";
import { approvalAfterHit, approvalWhileCooling, hitReason, suspendedByMonitor } from "./decisions.js";
import type { Hit } from "./hits.js";
import type { Monitoring } from "./parts.js";

/** A cool-down still running for a monitor that did not fire on this call. */
export interface Cooling {
  readonly monitor: CompiledMonitor;
  readonly leftMs: number;
}

const resumeAdvice = (root: string) =>
  `Nothing was executed; investigate, then gate.resume(${JSON.stringify({ name: root })}) to allow calls again.`;

/** Adds every approval the monitors ask for to the call's decision. */
function ask(call: CallState, hits: readonly Hit[], cooling: readonly Cooling[]): void {
  let decision: Decision | undefined = call.decision;
  const add = (own: Decision) => {
    decision = decision ? strictest(decision, own) : own;
  };
  for (const hit of hits) if (hit.monitor.action === "require_approval") add(approvalAfterHit(hit));
  for (const { monitor, leftMs } of cooling) add(approvalWhileCooling(monitor, leftMs));
  call.decision = decision;
}

/** `gate.check`: what the hits would do, nothing done and nothing recorded. */
function dryRun(call: CallState, hits: readonly Hit[], cooling: readonly Cooling[], next: () => Promise<unknown>) {
  const suspending = hits.find((hit) => hit.monitor.action === "suspend");
  if (suspending) {
    const root = call.agent.rootName;
    const decision = suspendedByMonitor(suspending, root);
    const would = { ...decision, reason: `${hitReason(suspending)}; every agent named "${root}" would be suspended` };
    throw refuse(call, "AGENT_SUSPENDED", would, resumeAdvice(root));
  }
  ask(call, hits, cooling);
  return next();
}

/** Pulls the kill switch on the root's name, then refuses the call that fired (whether or not the store took it). */
async function suspendFor(monitoring: Monitoring, call: CallState, hit: Hit): Promise<never> {
  const root = call.agent.rootName;
  let failed: string | undefined;
  try {
    await monitoring.suspend({ name: root }, hitReason(hit));
  } catch (error) {
    failed = (error as Error)?.message ?? String(error);
  }
  throw refuse(call, "AGENT_SUSPENDED", suspendedByMonitor(hit, root, failed), resumeAdvice(root));
}

/**
 * Records every hit and takes its action, before the tool runs: `suspend` refuses this call, `require_approval`
 * starts the cool-down and makes this call wait for approval, `alert` only records. A cool-down still running
 * asks for approval too. In shadow mode the hits are recorded as what would have been done, and nothing is.
 */
export function act(
  monitoring: Monitoring,
  call: CallState,
  hits: readonly Hit[],
  cooling: readonly Cooling[],
  next: () => Promise<unknown>,
): unknown {
  if (call.dryRun) return dryRun(call, hits, cooling, next);
  const shadow = monitoring.shadow(call);
  for (const hit of hits) {
    recordAnomaly(monitoring.audit, monitoring.listeners, call, anomalyOf(call, hit, !shadow, monitoring.clock.wall()));
  }
  if (shadow) return next();
  const suspending = hits.find((hit) => hit.monitor.action === "suspend");
  if (suspending) return suspendFor(monitoring, call, suspending);
  ask(call, hits, cooling);
  const root = call.agent.rootKey;
  const writes: Promise<unknown>[] = [];
  for (const hit of hits) {
    if (hit.monitor.action !== "require_approval") continue;
    // A cool-down the store does not take leaves this call asking all the same; later calls may not be.
    try {
      const written = monitoring.store.monitors.coolDown(root, hit.monitor.id, hit.monitor.cooldownMs);
      if (written instanceof Promise) writes.push(written.catch(() => {}));
    } catch {
      // As above.
    }
  }
  return writes.length === 0 ? next() : Promise.all(writes).then(() => next());
}
