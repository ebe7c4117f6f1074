import { resolveApprovalNeed } from "./approval-need.js";
import type { GlobLists } from "./compile-rule.js";
import type { CompiledFlow, CompiledSelector } from "./compiled.js";
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
 * The store key of each leg's mark. A one-leg flow keeps its id (marks already stored stay readable); the legs
 * of a longer one are `id+n`, which no policy id can be (ids may not contain `+`), so keys never collide.
 */
function legKeys(id: string, legs: number): string[] {
  return legs === 1 ? [id] : Array.from({ length: legs }, (_, n) => `${id}+${n}`);
}

/** Compiles one validated flow; `defaults` is the policy's `approval` section, `globs` the policy's glob compiler. */
export function compileFlow(
  flow: FlowDefinition,
  defaults: { approvers?: string[]; timeout?: Duration },
  globs: GlobLists,
): CompiledFlow {
  const after = (Array.isArray(flow.after) ? flow.after : [flow.after]).map((selector) =>
    compileSelector(selector, globs),
  );
  return {
    id: flow.id,
    after,
    legs: legKeys(flow.id, after.length),
    then: compileSelector(flow.then, globs),
    effect: flow.effect,
    windowMs: parseDuration(flow.window) ?? Number.POSITIVE_INFINITY,
    approval: resolveApprovalNeed(flow.approval, defaults),
    scope: flow.scope ?? "conversation",
  };
}
