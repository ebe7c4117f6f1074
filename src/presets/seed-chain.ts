import { deepFreeze } from "../internal/deep-freeze.js";
import { AUDIT_TAMPER_NAMES } from "./audit-names.js";
import type { PolicyPreset } from "./preset.js";
import { TAGS } from "./tags.js";

// Marks last a working day and follow the agent, not the conversation: a poisoned email read this morning can
// still steer this afternoon's deploy, from another conversation, through a delegate or a restarted instance.
const chain = { window: "24h", scope: "agent" } as const;

/**
 * The seed's chain — untrusted input → file extraction → deploy → log or audit deletion — broken where it
 * turns dangerous: once an agent (its root name: every instance, delegate and conversation) has read
 * untrusted input, a deploy or a destructive call needs approval, and deleting or switching off logs is
 * refused; any agent is held to 60 calls a minute (all tools), which no human-paced workflow reaches and a
 * runaway chain does. Deploys, deletions and file reads with no untrusted input before them pass unasked.
 * Approvals go to the policy's `approval.approvers` (none: the call is refused, `NO_APPROVER`).
 *
 * @example
 * ```ts
 * const policy = definePolicy(
 *   withPresets(
 *     {
 *       rules: [{ id: "support", agents: ["support-bot"], tools: ["email.*", "files.*", "deploy.*"], effect: "allow" }],
 *       approval: { approvers: ["security"] },
 *     },
 *     presets.seedChain,
 *   ),
 * );
 * ```
 */
export const seedChain: PolicyPreset = deepFreeze({
  id: "seed-chain",
  description:
    "after untrusted input, deploys and destructive calls need approval and log deletion is refused; 60 calls a minute at most",
  rules: [],
  limits: [{ id: "seed-chain.burst", tools: ["*"], max: 60, window: "1m" }],
  flows: [
    {
      id: "seed-chain.deploy-after-untrusted",
      after: { tags: [TAGS.untrusted] },
      then: { tags: [TAGS.deploy] },
      effect: "require_approval",
      ...chain,
    },
    {
      id: "seed-chain.destructive-after-untrusted",
      after: { tags: [TAGS.untrusted] },
      then: { tags: [TAGS.destructive] },
      effect: "require_approval",
      ...chain,
    },
    {
      id: "seed-chain.no-cover-up",
      after: { tags: [TAGS.untrusted, TAGS.sensitive, TAGS.deploy, TAGS.destructive] },
      then: { tags: [TAGS.auditTamper], tools: [...AUDIT_TAMPER_NAMES] },
      effect: "deny",
      ...chain,
    },
  ],
} satisfies PolicyPreset);
