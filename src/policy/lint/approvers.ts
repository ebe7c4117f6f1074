import type { LintFinding } from "../lint.js";
import type { ApprovalSpec, PolicyDefinition } from "../types.js";

function namesIn(spec: ApprovalSpec | false | undefined, path: string): Array<[string, string]> {
  if (!spec) return [];
  const each = (names: readonly string[] | undefined, at: string) =>
    (names ?? []).map((name, index): [string, string] => [name, `${at}[${index}]`]);
  return [
    ...each(spec.approvers, `${path}.approvers`),
    ...each(spec.quorum?.of, `${path}.quorum.of`),
    ...(spec.steps ?? []).flatMap((step, index) =>
      typeof step === "string"
        ? [[step, `${path}.steps[${index}]`] as [string, string]]
        : each(step.quorum.of, `${path}.steps[${index}].quorum.of`),
    ),
  ];
}

/** Every approver the policy names that is not among `registered` (createGate would refuse the policy). */
export function lintApprovers(definition: PolicyDefinition, registered: readonly string[]): LintFinding[] {
  const known = new Set(registered);
  const named = [
    ...namesIn(definition.approval, "approval"),
    ...definition.rules.flatMap((rule, index) => namesIn(rule.approval, `rules[${index}].approval`)),
    ...(definition.flows ?? []).flatMap((flow, index) => namesIn(flow.approval, `flows[${index}].approval`)),
    ...(definition.monitors ?? []).flatMap((monitor, index) =>
      namesIn(monitor.approval, `monitors[${index}].approval`),
    ),
  ];
  return named
    .filter(([name]) => !known.has(name))
    .map(([name, path]) => ({
      code: "unknown-approver",
      severity: "error",
      path,
      message: `approver "${name}" is not registered (registered: ${registered.join(", ") || "none"}); createGate would refuse this policy`,
      suggestion: `register "${name}" in createGate({ approvers }), or name one of the registered approvers`,
    }));
}
