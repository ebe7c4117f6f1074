import type { InputRequest, ServerContext } from "@modelcontextprotocol/server";
import type { Approver } from "../approval/types.js";
import type { Decision } from "../policy/decision.js";
import { type Bridge, type BridgeOptions, createBridge, type FrameworkDecision } from "./core/bridge.js";

/** The `inputRequests` key of the elicitation that asks for an approval. */
export const APPROVAL_INPUT = "toolgate/approval";

/**
 * Options of {@link createElicitationApproval}.
 *
 * @example
 * ```ts
 * const options: ElicitationApprovalOptions = { store, by: (ctx) => ctx.http?.authInfo?.clientId ?? "unknown" };
 * ```
 */
export interface ElicitationApprovalOptions extends BridgeOptions {
  /** Who answered, as recorded: read from the request (default: the authenticated client id). */
  by?: (ctx: ServerContext) => string;
}

/**
 * A server-side approval asked as an elicitation (see {@link createElicitationApproval}).
 *
 * @example
 * ```ts
 * const approval = createElicitationApproval({ store });
 * const gate = createGate({ policy, store, approvers: { user: approval.approver } });
 * guardServer(server, { gate, identify, approval });
 * ```
 */
export interface ElicitationApproval {
  /** Register it in `createGate({ approvers })` under the name the policy uses (default `"user"`). */
  readonly approver: Approver;
  /** @internal */
  readonly bridge: Bridge;
  /** @internal The embedded elicitation that asks for a decision. */
  ask(tool: string, decision: Decision): InputRequest;
  /** @internal The answer a retried leg carries, read strictly: only an accepted `approve: true` approves. */
  answerOf(ctx: ServerContext): FrameworkDecision;
}

/**
 * Asks the MCP client's user to approve a tool call through an elicitation, in the 2026-07-28 multi round-trip
 * way: the leg that needs the approval returns `input_required` (pending, not a run), and the retried leg
 * carries the answer, bound to the call through toolgate's signed `requestState`. The answer is only as
 * trustworthy as the client's UI: use it for confirmations by the person at the client, not for separation of
 * duties (register a queue approver for those).
 *
 * @example
 * ```ts
 * const approval = createElicitationApproval({ approver: "user", store: gate.store });
 * ```
 */
export function createElicitationApproval(options: ElicitationApprovalOptions = {}): ElicitationApproval {
  const bridge = createBridge(options);
  const by = options.by ?? ((ctx: ServerContext) => ctx.http?.authInfo?.clientId ?? "mcp-client");
  return {
    approver: bridge.approver,
    bridge,
    // The wire shape `inputRequired.elicit()` builds, written out: no run-time import of the SDK.
    ask: (tool, decision) => ({
      method: "elicitation/create",
      params: {
        mode: "form",
        message: `Allow the call of "${tool}"? ${decision.reason}`,
        requestedSchema: {
          type: "object",
          properties: {
            approve: { type: "boolean", title: "Approve", description: `Run ${tool} (rule ${decision.rule})` },
          },
          required: ["approve"],
        },
      },
    }),
    answerOf(ctx) {
      const answer = ctx.mcpReq.inputResponses?.[APPROVAL_INPUT] as
        | { action?: unknown; content?: { approve?: unknown } }
        | undefined;
      const approved = answer?.action === "accept" && answer.content?.approve === true;
      return {
        approved,
        by: by(ctx),
        ...(approved ? {} : { reason: `the user answered ${String(answer?.action ?? "nothing")}` }),
      };
    },
  };
}
