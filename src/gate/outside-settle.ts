import type { Agent } from "../identity/agent.js";
import type { GateMetrics } from "../metrics/gate-metrics.js";
import type { CallState } from "../pipeline/types.js";
import type { Settlement, Store } from "../store/types.js";
import { passthroughSchema } from "../tool/passthrough.js";
import type { Tool } from "../tool/tool.js";
import { newCall } from "./call.js";
import type { OutsideSettler } from "./outside-record.js";
import { settle } from "./settle.js";

/** What counting an outside refusal needs from the gate. */
export interface OutsideSettlerParts {
  readonly store: Store;
  /** The gate's tools by name: a refusal of any other name is of a tool the agent was never given. */
  readonly tools: ReadonlyMap<string, Tool>;
  readonly metrics: GateMetrics;
  readonly monitors: ((call: CallState, outcome: Settlement["outcome"]) => void) | undefined;
  readonly shadowBy: (agent: Agent) => CallState["shadowBy"];
}

const NEVER_ABORTED = new AbortController().signal;
const neverRuns = () => {
  throw new Error("toolgate: a refused call's tool never runs");
};

/** A name the gate has no tool for, as monitors match it: by name alone (it has no tags). */
function unlisted(name: string, risk: Tool["risk"]): Tool {
  return Object.freeze({
    name,
    description: undefined,
    input: passthroughSchema(),
    risk,
    tags: [],
    type: "function",
    maxInputBytes: 0,
    execute: neverRuns,
  });
}

/**
 * Counts an identified agent's refusal made outside the pipeline as a pipeline refusal is counted: the agent's
 * denials in the inventory, `denials` monitors (an agent probing made-up tool names trips them, and their
 * anomaly goes on the refusal's span), the calls metric. A made-up tool name is reported to metrics as `other`,
 * so a flood of them cannot use up the series a gate reports.
 *
 * @example
 * ```ts
 * declare const parts: OutsideSettlerParts;
 * const settleOutside = outsideSettler(parts); // outsideRecorder(tracer, audit, settleOutside)
 * ```
 */
export function outsideSettler(parts: OutsideSettlerParts): OutsideSettler {
  const { store, tools, metrics, monitors, shadowBy } = parts;
  return (agent, refusal, entry, span) => {
    const listed = typeof refusal.tool === "string" ? tools.get(refusal.tool) : undefined;
    const tool = listed ?? unlisted(entry.tool.name, entry.tool.risk as Tool["risk"]);
    const { callId, conversationId } = entry;
    const shadow = shadowBy(agent);
    const startedAt = metrics.startedAt();
    const input = refusal.input;
    // A refusal has no caller signal; its call id is its ticket (it was never admitted).
    const call = newCall(
      agent,
      tool,
      neverRuns,
      undefined,
      input,
      callId,
      callId,
      conversationId,
      undefined,
      NEVER_ABORTED,
      span,
      false,
      shadow,
      startedAt,
    );
    call.decision = { effect: "deny", rule: entry.decision.rule, reason: entry.decision.reason };
    call.decided = true;
    settle(store, call, "denied", monitors);
    metrics.callEnded(call, "denied", listed !== undefined);
  };
}
