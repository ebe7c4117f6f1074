import type { Tracer } from "@opentelemetry/api";
import { startAttributes } from "../audit/attributes.js";
import { inSpan } from "../audit/span.js";
import type { Agent } from "../identity/agent.js";
import { type AgentRegistry, retiredError } from "../identity/registry.js";
import { newCallId } from "../internal/ids.js";
import type { CallState, Execute } from "../pipeline/types.js";
import { readCallOptions } from "../tool/call-options.js";
import type { CallOptions } from "../tool/guarded.js";
import type { Tool } from "../tool/tool.js";
import { newCall } from "./call.js";

/** What the call runner needs from the gate. */
export interface RunnerParts {
  readonly tracer: Tracer;
  readonly registry: AgentRegistry;
  readonly pipeline: (call: CallState) => Promise<unknown>;
}

/** Runs guarded calls: checks the options and the agent, opens the span, and sends the call down the pipeline. */
export function callRunner(parts: RunnerParts) {
  const { tracer, registry, pipeline } = parts;
  const start = (agent: Agent, tool: Tool, execute: Execute, input: unknown, options: CallOptions) => {
    const ticket = newCallId();
    const callId = options.callId ?? ticket;
    const { conversationId } = options;
    const contained = registry.signal(agent);
    const signal = options.signal ? AbortSignal.any([options.signal, contained]) : contained;
    const attributes = startAttributes(agent, tool, callId, conversationId);
    return inSpan(tracer, `execute_tool ${tool.name}`, attributes, (span) =>
      pipeline(newCall(agent, tool, execute, input, ticket, callId, conversationId, signal, span, false)),
    );
  };
  return (agent: Agent, tool: Tool, execute: Execute, input: unknown, callOptions: CallOptions | undefined) => {
    let options: CallOptions;
    try {
      options = readCallOptions(tool.name, agent.id, callOptions);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!registry.owns(agent)) return Promise.reject(retiredError(agent));
    const ready = registry.ready(agent);
    return ready
      ? ready.then(() => start(agent, tool, execute, input, options))
      : start(agent, tool, execute, input, options);
  };
}
