import { deepFreeze } from "../internal/deep-freeze.js";
import { AUDIT_TAMPER_NAMES } from "./audit-names.js";
import type { PolicyPreset } from "./preset.js";
import { TAGS } from "./tags.js";

/**
 * "Never touch the audit trail": every call to a tool tagged `audit-tamper` is refused, whatever the policy
 * grants, whoever calls, in any order — and so is every tool whose name says it deletes or switches off logs
 * (`logs.delete`, `purge_audit`, `cloudtrail.stopLogging`), tagged or not. Reading logs is not touched.
 *
 * @example
 * ```ts
 * const policy = definePolicy(
 *   withPresets({ rules: [{ id: "ops", agents: ["ops-bot"], tools: ["*"], effect: "allow" }] }, presets.auditTrail),
 * );
 * ```
 */
export const auditTrail: PolicyPreset = deepFreeze({
  id: "audit-trail",
  description: "refuses every call that deletes, edits or switches off logs or the audit trail",
  rules: [
    {
      id: "audit-trail.by-name",
      description: "tools whose name says they delete or switch off logs, tagged or not",
      tools: [...AUDIT_TAMPER_NAMES],
      effect: "deny",
    },
  ],
  limits: [],
  flows: [
    // No leg has to come first: the first call of a fresh agent is refused as surely as the last.
    { id: "audit-trail.tagged", after: [], then: { tags: [TAGS.auditTamper] }, effect: "deny" },
  ],
} satisfies PolicyPreset);
