import { getOrCreate } from "../internal/get-or-create.js";
import { resolveApprovalNeed } from "./approval-need.js";
import type { GlobLists } from "./compile-rule.js";
import type { CompiledFlow, CompiledSelector, LegMark } from "./compiled.js";
import { parseDuration } from "./duration.js";
import { loose } from "./loose.js";
import type { CallSelector, Duration, FlowDefinition } from "./types.js";

// Selectors restrict: a tag matches as written or loosely (`Untrusted`, ` untrusted`).
function compileSelector(selector: CallSelector, globs: GlobLists): CompiledSelector {
  const tags = selector.tags && new Set(selector.tags);
  const looseTags = selector.tags && new Set(selector.tags.map(loose));
  return {
    tools: globs(selector.tools, true),
    tags: tags && looseTags && { has: (tag: string) => tags.has(tag) || looseTags.has(loose(tag)) },
  };
}

/**
 * The marks of each leg. A one-leg flow keeps its id as its one key (marks already stored stay readable). The
 * legs of a longer one key each of their tags and tool globs on its own, `id+tag:<tag read loosely>` and
 * `id+tool:<glob>` (no policy id contains `+`, so keys never collide): a mark records what a call was, not
 * which position its leg had, so a store shared with a policy whose legs were reordered, inserted or widened
 * (replicas during a rollout, a reloaded gate) reads every mark as it was meant.
 */
function legMarks(id: string, selectors: readonly CallSelector[], globs: GlobLists): LegMark[][] {
  const only = selectors[0];
  if (selectors.length === 1 && only) return [[{ key: id, selector: compileSelector(only, globs) }]];
  const byKey = new Map<string, LegMark>();
  const mark = (key: string, selector: CallSelector): LegMark =>
    getOrCreate(byKey, key, () => ({ key, selector: compileSelector(selector, globs) }));
  return selectors.map((selector) => [
    ...(selector.tags ?? []).map((tag) => mark(`${id}+tag:${loose(tag)}`, { tags: [tag] })),
    ...(selector.tools ?? []).map((tool) => mark(`${id}+tool:${tool}`, { tools: [tool] })),
  ]);
}

/** Compiles one validated flow; `defaults` is the policy's `approval` section, `globs` the policy's glob compiler. */
export function compileFlow(
  flow: FlowDefinition,
  defaults: { approvers?: string[]; timeout?: Duration },
  globs: GlobLists,
): CompiledFlow {
  const legs = legMarks(flow.id, Array.isArray(flow.after) ? flow.after : [flow.after], globs);
  return {
    id: flow.id,
    legs,
    marks: [...new Set(legs.flat())],
    then: compileSelector(flow.then, globs),
    effect: flow.effect,
    windowMs: parseDuration(flow.window) ?? Number.POSITIVE_INFINITY,
    approval: resolveApprovalNeed(flow.approval, defaults),
    scope: flow.scope ?? "conversation",
  };
}
