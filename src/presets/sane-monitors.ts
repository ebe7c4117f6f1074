import { deepFreeze } from "../internal/deep-freeze.js";
import type { PolicyPreset } from "./preset.js";
import { TAGS } from "./tags.js";

/**
 * Tripwires a deployment can switch on before it knows its agents: each counts per root agent name (every
 * instance, delegate and conversation together) and sits well above what an agent doing one person's work
 * reaches. More than 60 calls a minute, or more than 10 refused calls in 10 minutes (probing), suspend the
 * name; reading more than 100 distinct `path`s of `sensitive` tools in 10 minutes, or sending `egress` to more
 * than 50 distinct `to`s in an hour, needs approval for 15 minutes; a first call of a `deploy`, `destructive`
 * or `egress` tool after a week of learning is an alert. The escalations go to the policy's `approval.approvers`,
 * which the policy must have. docs/presets.md says how to tune each.
 *
 * @example
 * ```ts
 * const policy = definePolicy(
 *   withPresets(
 *     { rules: [{ id: "support", agents: ["support-bot"], tools: ["*"], effect: "allow" }], approval: { approvers: ["security"] } },
 *     presets.seedChain,
 *     presets.saneMonitors,
 *   ),
 * );
 * ```
 */
export const saneMonitors: Required<PolicyPreset> = deepFreeze({
  id: "sane-monitors",
  description:
    "suspends bursts and probing, asks before a sweep of files or recipients, alerts on a new risky tool after a week",
  rules: [],
  limits: [],
  flows: [],
  monitors: [
    {
      id: "sane-monitors.burst",
      description: "a runaway loop or a hijacked agent: one call a second, sustained for a minute",
      kind: "rate",
      max: 60,
      window: "1m",
      action: "suspend",
    },
    {
      id: "sane-monitors.probing",
      description: "an agent that keeps trying doors it is refused",
      kind: "denials",
      max: 10,
      window: "10m",
      action: "suspend",
    },
    {
      id: "sane-monitors.file-sweep",
      description: "reading the file share one path at a time",
      kind: "fan-out",
      tags: [TAGS.sensitive],
      field: "path",
      max: 100,
      window: "10m",
      action: "require_approval",
      cooldown: "15m",
    },
    {
      id: "sane-monitors.mass-mail",
      description: "sending to many different recipients",
      kind: "fan-out",
      tags: [TAGS.egress],
      field: "to",
      max: 50,
      window: "1h",
      action: "require_approval",
      cooldown: "15m",
    },
    {
      id: "sane-monitors.new-risky-tool",
      description: "a deploy, destructive or egress tool the agent did not use in its first week",
      kind: "first-use",
      tags: [TAGS.deploy, TAGS.destructive, TAGS.egress],
      learn: "7d",
      action: "alert",
    },
  ],
} satisfies Required<PolicyPreset>);
