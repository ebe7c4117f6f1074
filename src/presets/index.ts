import { auditTrail } from "./audit-trail.js";
import type { PolicyPreset } from "./preset.js";
import { saneMonitors } from "./sane-monitors.js";
import { seedChain } from "./seed-chain.js";
import { trifecta } from "./trifecta.js";

/**
 * Policy fragments for the attacks toolgate exists to stop, to merge with `withPresets`. They select tools by
 * the conventional {@link TAGS}, so tag your tools: `seedChain` (untrusted input → file extraction → deploy →
 * log deletion), `trifecta` (untrusted input + private data + egress), `auditTrail` (never touch the logs) and
 * `saneMonitors` (suspend bursts and probing, ask before sweeps, alert on a new risky tool).
 *
 * @example
 * ```ts
 * const policy = definePolicy(
 *   withPresets(
 *     { rules: [{ id: "support", agents: ["support-bot"], tools: ["*"], effect: "allow" }], approval: { approvers: ["security"] } },
 *     presets.seedChain,
 *     presets.trifecta,
 *     presets.auditTrail,
 *     presets.saneMonitors,
 *   ),
 * );
 * ```
 */
export const presets: {
  readonly seedChain: PolicyPreset;
  readonly trifecta: PolicyPreset;
  readonly auditTrail: PolicyPreset;
  readonly saneMonitors: Required<PolicyPreset>;
} = Object.freeze({ seedChain, trifecta, auditTrail, saneMonitors });
