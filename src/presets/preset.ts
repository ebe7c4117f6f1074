import type { FlowDefinition, LimitDefinition, MonitorDefinition, RuleDefinition } from "../policy/types.js";

/**
 * A policy fragment to merge with `withPresets`: deny rules, flows, limits and monitors, and never an allow rule
 * (a preset restricts what your policy grants; it grants nothing). Its entries' ids start with the preset's id.
 * The presets toolgate ships are frozen; to change one, build your own from its parts
 * (`{ ...presets.seedChain, limits: [] }`).
 *
 * @example
 * ```ts
 * const noPasteBins: PolicyPreset = {
 *   id: "paste-bins",
 *   description: "no uploads to paste sites",
 *   rules: [{ id: "paste-bins.deny", tools: ["pastebin.*", "gist.create"], effect: "deny" }],
 *   limits: [],
 *   flows: [],
 * };
 * ```
 */
export interface PolicyPreset {
  readonly id: string;
  /** What it stops and what it lets through, in a sentence. */
  readonly description: string;
  readonly rules: readonly RuleDefinition[];
  readonly limits: readonly LimitDefinition[];
  readonly flows: readonly FlowDefinition[];
  /** Anomaly detectors; a preset without any may leave this out. */
  readonly monitors?: readonly MonitorDefinition[];
}
