import type { Attributes } from "@opentelemetry/api";
import type { CallState } from "../pipeline/types.js";
import type { BoundedNames } from "./bounded.js";
import { METRIC_ATTRIBUTES as A, OTHER } from "./names.js";

/** How a call ended, as the record stage tells it. */
export type CallOutcome = "allowed" | "denied" | "failed";

/**
 * The attributes of one ended call: tool and root agent name (each capped), outcome, the decision's effect and
 * rule, and the would-be decision when one was recorded. Never an agent id, a call id or anything from the input.
 * A tool name nobody defined (one a caller made up) is `other`: it must not take a series.
 */
export function callAttributes(
  call: CallState,
  outcome: CallOutcome,
  tools: BoundedNames | typeof OTHER,
  agents: BoundedNames,
): Attributes {
  const { decision } = call;
  const attributes: Attributes = {
    [A.tool]: tools === OTHER ? OTHER : tools.of(call.tool.name),
    // A delegate counts as its root agent: delegate names are chosen per task and would multiply the series.
    [A.agent]: agents.of(call.agent.rootName),
    [A.outcome]: outcome,
    [A.effect]: decision?.effect ?? "deny",
    [A.rule]: decision?.rule ?? "none",
  };
  const shadow = decision?.shadow;
  if (shadow) {
    attributes[A.shadowEffect] = shadow.effect;
    attributes[A.shadowRule] = shadow.rule;
    attributes[A.shadowBy] = shadow.by;
  }
  return attributes;
}
