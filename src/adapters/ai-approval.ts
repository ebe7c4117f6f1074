import type { ToolApprovalConfiguration, ToolApprovalResponse, ToolApprovalStatus, ToolSet } from "ai";
import type { Approver } from "../approval/types.js";
import { ToolgateError } from "../errors.js";
import type { Gate } from "../gate/types.js";
import { bindingOf, type GuardedBinding } from "./ai-bindings.js";
import { type ApprovalInput, ownStatus, statusFor } from "./ai-status.js";
import { recordRejection } from "./core/audit.js";
import { type BridgeOptions, createBridge, type FrameworkDecision } from "./core/bridge.js";
import { recentCalls } from "./core/recent.js";

/**
 * The part of a `tool-approval-request` that {@link UserApproval.respond} needs (the SDK's own part fits).
 *
 * @example
 * ```ts
 * const request = result.content.find((part) => part.type === "tool-approval-request");
 * ```
 */
export interface ApprovalRequestPart {
  approvalId: string;
  toolCall: { toolCallId: string; toolName: string; input: unknown };
}

/**
 * The toolgate side of the AI SDK's user-approval flow (see {@link createUserApproval}).
 *
 * @example
 * ```ts
 * const approvals = createUserApproval({ store });
 * const gate = createGate({ policy, store, approvers: { user: approvals.approver } });
 * const tools = guardTools(gate.agent({ name: "ops-bot", owner: "team-ops" }), { rm });
 * const first = await generateText({ model, tools, messages, toolApproval: approvals.toolApproval(gate) });
 * for (const part of first.content) {
 *   if (part.type !== "tool-approval-request") continue;
 *   const answer = await approvals.respond(part, { approved: true, by: "alice@example.com" });
 *   messages.push(...first.response.messages, { role: "tool", content: [answer] });
 * }
 * await generateText({ model, tools, messages, toolApproval: approvals.toolApproval(gate) });
 * ```
 */
export interface UserApproval {
  /** Register it in `createGate({ approvers })` under the name the policy uses (default `"user"`). */
  readonly approver: Approver;
  /**
   * For `generateText`/`streamText({ toolApproval })`: `user-approval` when the gate needs this approver,
   * `denied` (with the refusal text as reason, recorded by the gate) when the gate refuses, and otherwise what
   * your own `toolApproval` says (a function or per-tool statuses), or `not-applicable`.
   */
  toolApproval<T extends ToolSet>(
    gate: Gate,
    own?: ToolApprovalConfiguration<T, never>,
  ): (options: ApprovalInput) => Promise<ToolApprovalStatus>;
  /**
   * Records the user's answer and returns the `tool-approval-response` to send back. A rejection is run through
   * the gate, which refuses and records it (`APPROVAL_DENIED`). In another process than the one that asked,
   * pass the guarded `tools` (and the call's tool `context`, if conversations are read from it).
   */
  respond(
    request: ApprovalRequestPart,
    decision: FrameworkDecision,
    scope?: { tools: ToolSet; context?: unknown },
  ): Promise<ToolApprovalResponse>;
}

/**
 * Bridges toolgate's `require_approval` to the AI SDK's own user-approval flow. Questions and answers are kept
 * in `store` (pass the gate's store to answer from any process); an approval runs its exact call once, a
 * rejection is refused by the gate and recorded, `always: true` approves (a session grant) or rejects the
 * agent's later calls of the tool under the same rule.
 *
 * @example
 * ```ts
 * const approvals = createUserApproval({ approver: "user", store: gate.store });
 * ```
 */
export function createUserApproval(options: BridgeOptions = {}): UserApproval {
  const bridge = createBridge(options);
  const asked = recentCalls<{ binding: GuardedBinding; conversationId: string | undefined }>();
  const scoped = (part: ApprovalRequestPart, scope?: { tools: ToolSet; context?: unknown }) => {
    const binding = scope && bindingOf(scope.tools, part.toolCall.toolName);
    if (binding) return { binding, conversationId: binding.conversationOf(scope?.context) };
    const remembered = asked.get(part.toolCall.toolCallId);
    if (remembered?.binding.name === part.toolCall.toolName) return remembered;
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: `respond: call "${part.toolCall.toolCallId}" was not asked about in this process; pass { tools } (the guarded tool set).`,
    });
  };
  return {
    approver: bridge.approver,
    toolApproval: (gate, own) => async (input) => {
      const binding = bindingOf(input.tools, input.toolCall.toolName);
      if (!binding) return ownStatus(own, input);
      const conversationId = binding.conversationOf(input.toolsContext?.[input.toolCall.toolName]);
      const { toolCallId: callId, input: args } = input.toolCall;
      const call = { agent: binding.agent, tool: binding.name, input: args, callId, conversationId };
      const verdict = await bridge.verdict(gate, call);
      if (verdict.kind === "ask") asked.set(callId, { binding, conversationId });
      return statusFor(verdict, binding.gated, call, () => ownStatus(own, input));
    },
    async respond(part, decision, scope) {
      const { binding, conversationId } = scoped(part, scope);
      const { toolCallId: callId, input } = part.toolCall;
      const call = { agent: binding.agent, tool: binding.name, input, callId, conversationId };
      await bridge.answer(call, decision);
      if (decision.approved !== true) await recordRejection(binding.gated, input, { callId, conversationId });
      return {
        type: "tool-approval-response",
        approvalId: part.approvalId,
        approved: decision.approved === true,
        reason: decision.reason,
      };
    },
  };
}
