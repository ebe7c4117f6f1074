// What both MCP servers' adapters record of a call they refuse before it reaches the gate's pipeline: an
// unidentified caller, a missing or invalid attestation, a request state toolgate did not sign.
import { isRefusal } from "../errors.js";
import { recordOutsideRefusal } from "../gate/outside-refusal.js";
import type { Gate } from "../gate/types.js";
import type { Agent } from "../identity/agent.js";
import { remoteLinks, riskFromAnnotations } from "./mcp-shared.js";

/** A server-side call as far as it got before it was refused. */
export interface RefusedServerCall {
  /** Who `identify` vouched for, when it got that far. */
  readonly caller?: { readonly agent: Agent; readonly conversationId?: string };
  readonly tool: string;
  readonly annotations?: object;
  readonly input: unknown;
  readonly meta: unknown;
  /** The client's own id for the request (its JSON-RPC id), recorded beside the gate's call id. */
  readonly requestId: unknown;
}

/**
 * Records a refusal made before the pipeline on `gate` (one span, one ledger `refusal` entry naming the rule);
 * anything that is not a refusal (a tool's own error) is the pipeline's or the SDK's, and left alone.
 */
export function recordServerRefusal(gate: Gate, error: unknown, call: RefusedServerCall): Promise<void> {
  if (!isRefusal(error)) return Promise.resolve();
  return recordOutsideRefusal(gate, {
    agent: call.caller?.agent,
    conversationId: call.caller?.conversationId,
    tool: call.tool,
    risk: riskFromAnnotations(call.annotations),
    error,
    input: call.input,
    links: remoteLinks(call.meta),
    clientRequestId: call.requestId,
  });
}
