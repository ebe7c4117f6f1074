import { INVALID_SPAN_CONTEXT, trace } from "@opentelemetry/api";
import { isToolgateError } from "../errors.js";
import type { Agent } from "../identity/agent.js";
import { type AgentRegistry, retiredError } from "../identity/registry.js";
import { newCallId } from "../internal/ids.js";
import type { CallState } from "../pipeline/types.js";
import type { Decision } from "../policy/decision.js";
import { defineTool } from "../tool/define.js";
import { passthroughSchema } from "../tool/passthrough.js";
import type { Tool } from "../tool/tool.js";
import { newCall } from "./call.js";

/** What a dry run needs from the gate. */
export interface DryRunParts {
  readonly registry: AgentRegistry;
  readonly tools: ReadonlyMap<string, Tool>;
  readonly pipeline: (call: CallState) => Promise<unknown>;
  readonly shadowBy: (agent: Agent) => CallState["shadowBy"];
}

const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
const NEVER = new AbortController().signal;

/** A tool the gate has not seen, judged by its name alone (medium risk, no tags, input taken as given). */
const unknownTool = (name: string): Tool => defineTool({ name, input: passthroughSchema(), execute: () => undefined });

/**
 * `gate.check`: the same pipeline in dry-run mode — every stage decides, none runs the tool, asks an approver,
 * consumes a limit, marks a flow or records anything. Resolves to the decision the call would meet, with what
 * enforcement would have decided beside it (`shadow`) when the call runs in shadow mode or shadow rules differ.
 */
export async function dryRun(
  parts: DryRunParts,
  agent: Agent,
  toolOrName: string | Tool,
  input: unknown,
  options: { conversationId?: string } | undefined,
): Promise<Decision> {
  if (!parts.registry.owns(agent)) return retiredError(agent).decision as Decision;
  let tool: Tool;
  try {
    // A tool the gate guards is judged as guarded, whatever definition the caller passes under its name.
    const named = typeof toolOrName === "string" ? unknownTool(toolOrName) : defineTool(toolOrName);
    tool = parts.tools.get(named.name) ?? named;
  } catch (error) {
    // A name no tool can carry (invisible characters, a look-alike): nothing would run, whatever the rules say.
    return { effect: "deny", rule: "invalid-input", reason: (error as Error).message };
  }
  const ticket = newCallId();
  const conversation = options?.conversationId;
  const shadow = parts.shadowBy(agent);
  const call = newCall(
    agent,
    tool,
    tool.execute,
    undefined,
    input,
    ticket,
    ticket,
    conversation,
    undefined,
    NEVER,
    NO_SPAN,
    true,
    shadow,
    undefined,
  );
  try {
    await parts.pipeline(call);
  } catch (error) {
    if (isToolgateError(error) && error.decision) return error.decision;
    const reason = `the dry run failed: ${(error as Error)?.message ?? String(error)}`;
    return { effect: "deny", rule: "pipeline", reason };
  }
  return call.decision ?? { effect: "deny", rule: "pipeline", reason: "no stage decided the call" };
}
