import type { MonitorDefinition, PolicyDefinition } from "../policy/types.js";
import { mergeError } from "./id-claims.js";

const asksNobody = (monitor: MonitorDefinition, policy: PolicyDefinition) =>
  monitor.action === "require_approval" &&
  (monitor.approval?.approvers ?? monitor.approval?.steps ?? monitor.approval?.quorum) === undefined &&
  policy.approval?.approvers === undefined;

/**
 * Refuses a preset monitor that escalates to the policy's approvers when the policy names none: definePolicy
 * would refuse the merged policy anyway, but only by its merged index, not by the preset that brought it.
 */
export function checkMonitorApprovers(presetId: string, monitors: readonly unknown[], policy: PolicyDefinition): void {
  monitors.forEach((entry, index) => {
    const monitor = entry as MonitorDefinition;
    if (typeof monitor !== "object" || monitor === null || !asksNobody(monitor, policy)) return;
    mergeError(
      `Cannot merge preset "${presetId}": its monitors[${index}] (${JSON.stringify(monitor.id)}) asks for approval, and the policy names no approvers; give the policy approval: { approvers: [...] }, or leave the monitor out ({ ...presets.saneMonitors, monitors: [...] })`,
    );
  });
}
