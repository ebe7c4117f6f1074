import { auditTrail } from "./audit-trail.js";
import type { PolicyPreset } from "./preset.js";
import { seedChain } from "./seed-chain.js";
import { trifecta } from "./trifecta.js";

/**
 * Policy fragments for the attacks toolgate exists to stop, to merge with `withPresets`. They select tools by
 * the conventional {@link TAGS}, so tag your tools: `seedChain` (untrusted input → file extraction → deploy →
 * log deletion), `trifecta` (untrusted input + private data + egress) and `auditTrail` (never touch the logs).
 *
 * @example
 * ```ts
 * const policy = definePolicy(
 *   withPresets(
 *     { rules: [{ id: "support", agents: ["support-bot"], tools: ["*"], effect: "allow" }], approval: { approvers: ["security"] } },
 *     presets.seedChain,
 *     presets.trifecta,
 *     presets.auditTrail,
 *   ),
 * );
 * ```
 */
export const presets: {
  readonly seedChain: PolicyPreset;
  readonly trifecta: PolicyPreset;
  readonly auditTrail: PolicyPreset;
  // SANE MONITORS: the lead adds `saneMonitors` here once `monitors:` lands — bursts over a ceiling and
  // repeated denials (suspend), first use of a deploy, destructive or egress tool (require_approval) — and
  // the demo's burst moves from the seed-chain limit to it.
} = Object.freeze({ seedChain, trifecta, auditTrail });
