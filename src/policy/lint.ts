import { lintApprovers } from "./lint/approvers.js";
import { lintConditions } from "./lint/conditions.js";
import { lintRules } from "./lint/rules.js";
import type { Policy } from "./policy.js";

/**
 * What `lintPolicy` can report. `unknown-approver` is an error (`createGate` would refuse the policy); the
 * others are warnings about rules that are valid but probably not what was meant.
 *
 * @example
 * ```ts
 * const code: LintCode = "dodgeable-condition";
 * ```
 */
export type LintCode =
  | "shadowed-rule"
  | "unreachable-rule"
  | "broad-grant"
  | "unknown-approver"
  | "impossible-condition"
  | "dodgeable-condition"
  | "loose-pattern";

/**
 * One lint finding, at a path in the policy data (`rules[2].when.path`).
 *
 * @example
 * ```ts
 * const finding: LintFinding = { code: "broad-grant", severity: "warning", path: "rules[0]", message: "…" };
 * ```
 */
export interface LintFinding {
  readonly code: LintCode;
  readonly severity: "error" | "warning";
  readonly path: string;
  readonly message: string;
  readonly suggestion?: string;
}

/**
 * What `lintPolicy` checks beyond the policy itself.
 *
 * @example
 * ```ts
 * const options: LintOptions = { approvers: ["owner", "security"] };
 * ```
 */
export interface LintOptions {
  /** The approver names the gate registers; without it, approvers are not checked. */
  approvers?: readonly string[];
}

/**
 * Lints a valid policy: rules that never decide (shadowed by an earlier one, or unreachable behind a deny),
 * grants to every agent on every tool, conditions that can never hold, deny conditions that are easy to dodge
 * (`startsWith` or `eq` on a path: use `within`), `matches` patterns that grant more than they seem to, and —
 * given the registered names — approvers the gate does not have. Findings are sorted by path.
 *
 * @example
 * ```ts
 * const policy = await loadPolicyFile("./toolgate.policy.yaml");
 * for (const finding of lintPolicy(policy, { approvers: ["owner"] })) {
 *   console.log(`${finding.path}: ${finding.message}`);
 * }
 * ```
 */
export function lintPolicy(policy: Policy, options: LintOptions = {}): LintFinding[] {
  const { definition, compiled } = policy;
  const findings = [
    ...lintRules(definition.rules, compiled.rules),
    ...lintConditions(definition.rules),
    ...(options.approvers ? lintApprovers(definition, options.approvers) : []),
  ];
  return findings.sort((a, b) => a.path.localeCompare(b.path, "en", { numeric: true }));
}
