import type { Agent as MastraAgent } from "@mastra/core/agent";
import type { RequireToolApprovalFn } from "@mastra/core/tools";
import type { Approver } from "../approval/types.js";
import { ToolgateError } from "../errors.js";
import type { Gate } from "../gate/types.js";
import { recordRejection } from "./core/audit.js";
import { type BridgeOptions, createBridge, type FrameworkDecision } from "./core/bridge.js";
import { bindingOf, plainContext } from "./mastra-bindings.js";

/** Who the suspended run belongs to, as your code passed it to `generate()`: memory ids and request context. */
interface RunScope {
  /** The guarded tools (default: the agent's own, from `listTools()`). */
  tools?: Record<string, unknown>;
  threadId?: string;
  resourceId?: string;
  requestContext?: unknown;
  /** Passed on to `approveToolCallGenerate` / `declineToolCallGenerate` (memory, requestContext…). */
  options?: Record<string, unknown>;
}

/** The part of a suspended `generate()` result the bridge needs (Mastra's own result fits). */
interface Suspended {
  runId?: string;
  suspendPayload?: unknown;
}

/**
 * The toolgate side of Mastra's tool approval (see {@link createToolApproval}).
 *
 * @example
 * ```ts
 * const approvals = createToolApproval({ store });
 * const gate = createGate({ policy, store, approvers: { user: approvals.approver } });
 * const tools = guardTools(bot, { deploy });
 * const ops = new Agent({ id: "ops", name: "ops", instructions: "Ship it.", model, tools });
 * const run = await ops.generate("ship", { requireToolApproval: approvals.requireToolApproval(gate, tools) });
 * const done = await approvals.respond(gate, ops, run, { approved: true, by: "alice@example.com" });
 * ```
 */
export interface ToolApproval {
  /** Register it in `createGate({ approvers })` under the name the policy uses (default `"user"`). */
  readonly approver: Approver;
  /** For `generate()`'s `requireToolApproval`: suspends the run for the calls the gate needs the user for. */
  requireToolApproval(gate: Gate, tools: Record<string, unknown>): RequireToolApprovalFn;
  /**
   * Records the answer for the suspended call and resumes the run (`approveToolCallGenerate` or
   * `declineToolCallGenerate`); a decline is refused by the gate and recorded. Returns the resumed result.
   */
  respond(
    gate: Gate,
    agent: MastraAgent,
    run: Suspended,
    decision: FrameworkDecision,
    scope?: RunScope,
  ): Promise<unknown>;
}

const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message: `respond: ${message}` });

/**
 * Bridges toolgate's `require_approval` to Mastra's `requireToolApproval` and approve/decline. Questions and
 * answers are kept in `store`: an approval runs its exact call once (a replayed resume does not run it again),
 * a decline is refused by the gate and recorded, `always: true` approves (a session grant) or rejects the
 * agent's later calls of the tool under the same rule.
 *
 * @example
 * ```ts
 * const approvals = createToolApproval({ approver: "user", store: gate.store });
 * ```
 */
export function createToolApproval(options: BridgeOptions = {}): ToolApproval {
  const bridge = createBridge(options);
  return {
    approver: bridge.approver,
    requireToolApproval:
      (gate, tools) =>
      async ({ toolName, args, requestContext }) => {
        const binding = bindingOf(tools, toolName);
        if (!binding) return false;
        const call = { requestContext: plainContext(requestContext), resourceId: undefined, threadId: undefined };
        const input = {
          agent: binding.identify(call),
          tool: binding.name,
          input: args,
          callId: "",
          conversationId: undefined,
        };
        return (await bridge.verdict(gate, input)).kind === "ask";
      },
    async respond(gate, agent, run, decision, scope = {}) {
      const payload = run.suspendPayload as { toolCallId?: unknown; toolName?: unknown; args?: unknown } | undefined;
      if (
        typeof run.runId !== "string" ||
        typeof payload?.toolCallId !== "string" ||
        typeof payload.toolName !== "string"
      ) {
        throw invalid("pass the result of a generate() that Mastra suspended for a tool approval.");
      }
      const tools = scope.tools ?? ((await agent.listTools()) as Record<string, unknown>);
      const binding = bindingOf(tools, payload.toolName);
      if (!binding) throw invalid(`"${payload.toolName}" is not a tool toolgate guarded (guardTools).`);
      const who = {
        requestContext: plainContext(scope.requestContext),
        resourceId: scope.resourceId,
        threadId: scope.threadId,
      };
      const caller = binding.identify(who);
      const call = {
        agent: caller,
        tool: binding.name,
        input: payload.args,
        callId: payload.toolCallId,
        conversationId: binding.conversationOf(who),
      };
      await bridge.verdict(gate, call);
      await bridge.answer(call, decision);
      const resume = { ...scope.options, runId: run.runId, toolCallId: payload.toolCallId };
      if (decision.approved === true) return agent.approveToolCallGenerate(resume as never);
      await recordRejection(binding.gatedFor(caller), call.input, {
        callId: call.callId,
        conversationId: call.conversationId,
      });
      return agent.declineToolCallGenerate({ ...resume, reason: decision.reason } as never);
    },
  };
}
