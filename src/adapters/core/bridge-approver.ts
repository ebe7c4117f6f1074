import { randomUUID } from "node:crypto";
import type { ApprovalRequest, Approver } from "../../approval/types.js";
import type { ApprovalStore } from "../../store/approvals.js";
import { answerKey, stickyKey } from "./bridge-keys.js";

/**
 * The approver of a bridge: answers a request from what the framework's user said about that exact call — an
 * "always reject" for the agent, tool and rule first, then the call's own answer. An approval is used once (a
 * replayed resume finds it used: `APPROVAL_FAILED`); a rejection answers every time (`APPROVAL_DENIED`). No
 * answer, or one still pending, fails closed.
 */
export function bridgeApprover(name: string, approvals: ApprovalStore): Approver {
  return async (request: ApprovalRequest) => {
    if (request.approver !== name) throw new Error(`this bridge answers for "${name}", not "${request.approver}"`);
    const sticky = await approvals.get(stickyKey(name, request.agent.id, request.tool.name, request.rule));
    if (sticky?.status === "rejected" && sticky.answer) return sticky.answer;
    const key = answerKey(name, { ...request, agentId: request.agent.id, tool: request.tool.name });
    const record = await approvals.get(key);
    if (!record) throw new Error(`no answer was recorded for call ${request.callId}; the framework must ask first`);
    if (record.status === "rejected" && record.answer) return record.answer;
    if (record.status !== "approved" || !record.answer) {
      throw new Error(
        `the question for call ${request.callId} is ${record.status}${record.why ? ` (${record.why})` : ""}`,
      );
    }
    // One approval runs one call: a resumed run that already ran it (or a replay) finds it used.
    if (!(await approvals.claim(key, `${request.id}/${randomUUID()}`))) {
      throw new Error(`the approval of call ${request.callId} was already used by another run`);
    }
    return record.answer;
  };
}
