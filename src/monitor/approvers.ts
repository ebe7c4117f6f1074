import { approverNames, resolveApprovalNeed } from "../policy/approval-need.js";
import type { ApprovalNeed } from "../policy/decision.js";
import type { MonitorDefinition, PolicyDefinition } from "../policy/types.js";

/** Who approves a `require_approval` monitor's calls: its own approvers, else the policy's (as for a rule). */
export function monitorApprovalNeed(monitor: MonitorDefinition, policy: PolicyDefinition): ApprovalNeed | undefined {
  if (monitor.action !== "require_approval") return undefined;
  return resolveApprovalNeed(monitor.approval, policy.approval ?? {});
}

/** Every approver the policy's monitors name (so `createGate` refuses a gate that lacks one, as for rules). */
export function monitorApprovers(policy: PolicyDefinition): string[] {
  return (policy.monitors ?? []).flatMap((monitor) => {
    const need = monitorApprovalNeed(monitor, policy);
    return need ? approverNames(need) : [];
  });
}
