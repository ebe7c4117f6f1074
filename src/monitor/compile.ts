import { type GlobLists, globCompiler } from "../policy/compile-rule.js";
import type { ApprovalNeed } from "../policy/decision.js";
import { parseDuration } from "../policy/duration.js";
import type { Glob } from "../policy/glob.js";
import { loose } from "../policy/loose.js";
import type { MonitorAction, MonitorDefinition, PolicyDefinition } from "../policy/types.js";
import { monitorApprovalNeed } from "./approvers.js";

/** How long a `require_approval` monitor keeps asking after a hit, when it does not say. */
export const DEFAULT_COOLDOWN_MS = 900_000;
/** How many tools a `sequence` is made of, when the monitor does not say. */
export const DEFAULT_SEQUENCE_LENGTH = 3;

/** A monitor after compilation: restricting globs, loose tags, durations in milliseconds. */
export interface CompiledMonitor {
  readonly id: string;
  readonly kind: MonitorDefinition["kind"];
  readonly action: MonitorAction;
  readonly agents: readonly Glob[] | undefined;
  readonly tools: readonly Glob[] | undefined;
  readonly tags: { has(tag: string): boolean } | undefined;
  /** `rate`, `denials`, `fan-out`: more than this fires. */
  readonly max: number;
  readonly windowMs: number;
  /** `fan-out` over an input field: its dotted path, and the path's field names. */
  readonly field: { readonly path: string; readonly segments: readonly string[] } | undefined;
  /** `first-use`: what is new, a tool or a tag. */
  readonly of: "tools" | "tags";
  /** `first-use`, `sequence`: the learning period (0: none) and whether the gate's baseline counts as known. */
  readonly learnMs: number;
  readonly baseline: boolean;
  readonly length: number;
  readonly approval: ApprovalNeed | undefined;
  readonly cooldownMs: number;
}

// A selector restricts: a tag matches as written or loosely (`Untrusted`, ` untrusted`).
function looseTags(tags: readonly string[] | undefined) {
  if (!tags) return undefined;
  const exact = new Set(tags);
  const folded = new Set(tags.map(loose));
  return { has: (tag: string) => exact.has(tag) || folded.has(loose(tag)) };
}

function compileMonitor(monitor: MonitorDefinition, policy: PolicyDefinition, globs: GlobLists): CompiledMonitor {
  const counting = monitor.kind === "rate" || monitor.kind === "denials" || monitor.kind === "fan-out";
  const novelty = monitor.kind === "first-use" || monitor.kind === "sequence";
  const field = monitor.kind === "fan-out" ? monitor.field : undefined;
  return {
    id: monitor.id,
    kind: monitor.kind,
    action: monitor.action,
    agents: globs(monitor.agents, true),
    tools: globs(monitor.tools, true),
    tags: looseTags(monitor.tags),
    max: counting ? monitor.max : 0,
    windowMs: counting ? (parseDuration(monitor.window) ?? 0) : 0,
    field: field === undefined ? undefined : { path: field, segments: field.split(".") },
    of: monitor.kind === "first-use" ? (monitor.of ?? "tools") : "tools",
    learnMs: novelty ? (parseDuration(monitor.learn) ?? 0) : 0,
    baseline: novelty && monitor.baseline === true,
    length: monitor.kind === "sequence" ? (monitor.length ?? DEFAULT_SEQUENCE_LENGTH) : 0,
    approval: monitorApprovalNeed(monitor, policy),
    cooldownMs: parseDuration(monitor.cooldown) ?? DEFAULT_COOLDOWN_MS,
  };
}

/**
 * Compiles a validated policy's monitors, in policy order.
 *
 * @example
 * ```ts
 * const monitors = compileMonitors(policy.definition);
 * monitors.filter((monitor) => monitor.action === "suspend").map((monitor) => monitor.id);
 * ```
 */
export function compileMonitors(policy: PolicyDefinition): readonly CompiledMonitor[] {
  const globs = globCompiler();
  return (policy.monitors ?? []).map((monitor) => compileMonitor(monitor, policy, globs));
}
