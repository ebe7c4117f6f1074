import { deepFreeze } from "../internal/deep-freeze.js";
import type { PolicyPreset } from "./preset.js";
import { TAGS } from "./tags.js";

/**
 * The lethal trifecta: an agent that has read untrusted input and private data — in either order, by one
 * tool or two (an inbox is both), in any conversation, through any instance or delegate, within 24 hours —
 * needs approval to send anything out (`egress`). Two legs alone pass unasked: untrusted input then egress
 * (a web search, then a chat message), or private data then egress (a customer's record, then a reply).
 * Approvals go to the policy's `approval.approvers`.
 *
 * @example
 * ```ts
 * const policy = definePolicy(
 *   withPresets(
 *     { rules: [{ id: "mail", tools: ["email.*"], effect: "allow" }], approval: { approvers: ["owner"] } },
 *     presets.trifecta,
 *   ),
 * );
 * ```
 */
export const trifecta: PolicyPreset = deepFreeze({
  id: "trifecta",
  description: "egress after both untrusted input and private data needs approval",
  rules: [],
  limits: [],
  flows: [
    {
      id: "trifecta.egress-after-untrusted-and-private",
      after: [{ tags: [TAGS.untrusted] }, { tags: [TAGS.sensitive] }],
      then: { tags: [TAGS.egress] },
      effect: "require_approval",
      window: "24h",
      scope: "agent",
    },
  ],
} satisfies PolicyPreset);
