import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import type { Probe } from "./rules.js";

/** The Cedar request for a probe: the agent as principal, the tool as resource, the input in the context. */
export function cedarRequest(probe: Probe) {
  return {
    principal: { type: "Agent", id: probe.agent },
    action: { type: "Action", id: "call" },
    resource: { type: "Tool", id: probe.tool },
    context: { agent: probe.agent, tool: probe.tool, input: probe.input as Record<string, string | number> },
    entities: [],
  };
}

/** Fails unless Cedar decided the probe the way toolgate does (same effect, same deciding policy id). */
export function expectCedar(answer: cedar.AuthorizationAnswer, probe: Probe, size: number): void {
  const ok =
    answer.type === "success" &&
    answer.response.decision === probe.expectedEffect &&
    (probe.expectedRule === "default-deny"
      ? answer.response.diagnostics.reason.length === 0
      : answer.response.diagnostics.reason.includes(probe.expectedRule));
  if (!ok) {
    throw new Error(
      `cedar (${size} policies, ${probe.label}): expected ${probe.expectedEffect} by "${probe.expectedRule}", got ${JSON.stringify(answer)}`,
    );
  }
}

export { cedar };
