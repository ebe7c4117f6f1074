import type { ToolApprovalResponse, ToolApprovalStatus, ToolSet } from "ai";
import { type Agent, type ApprovalDecision, type Approver, callBoundApprover, type Gate } from "../index.js";

/** @internal Which agent a guarded AI SDK tool runs as, so the approval hook can dry-run the gate. */
export interface GuardedBinding {
  agent: Agent;
  name: string;
  conversationId: string | undefined;
}

// Keyed by the guarded tool object: a tool set may mix guarded and plain tools, and only ours are asked about.
const bindings = new WeakMap<object, GuardedBinding>();

/** @internal Called by `guardTools` for every tool it wraps. */
export function bindGuarded(tool: object, binding: GuardedBinding): void {
  bindings.set(tool, binding);
}

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
 * The toolgate side of the AI SDK's user-approval flow. The SDK pauses the run and asks the user; the
 * user's answer is recorded for that tool call id, and the gate's approver answers only for that call id,
 * that tool and that exact input, once. No recorded answer means denied (fail closed).
 *
 * @example
 * ```ts
 * const approvals = createUserApproval();
 * const gate = createGate({ policy, approvers: { user: approvals.approver } });
 * const tools = guardTools(gate.agent({ name: "ops-bot", owner: "team-ops" }), { rm });
 * const first = await generateText({ model, tools, messages, toolApproval: approvals.toolApproval(gate) });
 * for (const part of first.content) {
 *   if (part.type !== "tool-approval-request") continue;
 *   messages.push(...first.response.messages, {
 *     role: "tool",
 *     content: [approvals.respond(part, { approved: true, by: "alice@example.com" })],
 *   });
 * }
 * await generateText({ model, tools, messages, toolApproval: approvals.toolApproval(gate) });
 * ```
 */
export interface UserApproval {
  /** Register it in `createGate({ approvers })` under the name the policy uses (default `"user"`). */
  readonly approver: Approver;
  /** For `generateText`/`streamText({ toolApproval })`: asks the user when the gate would need this approver. */
  toolApproval(
    gate: Gate,
  ): (options: {
    toolCall: ApprovalRequestPart["toolCall"];
    tools: ToolSet | undefined;
  }) => Promise<ToolApprovalStatus>;
  /** Records the user's answer for the call and returns the `tool-approval-response` part to send back. */
  respond(request: ApprovalRequestPart, decision: ApprovalDecision): ToolApprovalResponse;
}

/**
 * Bridges toolgate's `require_approval` to the AI SDK's own `toolApproval` / user-approval flow.
 * `approver` is the name the policy gives this approver; the SDK asks only for calls that need it.
 *
 * @example
 * ```ts
 * const approvals = createUserApproval({ approver: "user" });
 * ```
 */
export function createUserApproval(options: { approver?: string } = {}): UserApproval {
  const answers = callBoundApprover(options.approver ?? "user");
  return {
    approver: answers.approver,
    toolApproval:
      (gate) =>
      async ({ toolCall, tools }) => {
        const binding = bindings.get((tools?.[toolCall.toolName] ?? {}) as object);
        if (!binding) return "not-applicable";
        const { agent, conversationId } = binding;
        const decision = await gate.check(agent, binding.name, toolCall.input, { conversationId });
        // Denials and other approvers are left to the gate, so the call is still refused and audited there.
        if (!answers.isAskedBy(decision)) return "not-applicable";
        answers.expect(toolCall.toolCallId, { agentId: agent.id, conversationId });
        return { type: "user-approval", reason: decision.reason };
      },
    respond(request, decision) {
      const { toolCallId, toolName, input } = request.toolCall;
      // A rejected call never reaches the gate: the SDK does not run it.
      answers.record(toolCallId, toolName, input, decision);
      return {
        type: "tool-approval-response",
        approvalId: request.approvalId,
        approved: decision.approved,
        reason: decision.reason,
      };
    },
  };
}
