import { hashArguments } from "../../approval/hash.js";
import type { ApprovalDecision } from "../../approval/types.js";
import { checkText } from "../../internal/checked-text.js";
import type { Decision } from "../../policy/decision.js";
import type { ApprovalRecord } from "../../store/approvals.js";
import { memoryStore } from "../../store/memory/index.js";
import { bridgeApprover } from "./bridge-approver.js";
import { checked, durationOf, invalid } from "./bridge-checks.js";
import { answerKey, stickyKey } from "./bridge-keys.js";
import { askedRequest, type BridgedCall } from "./bridge-record.js";
import type { Bridge, BridgeOptions } from "./bridge-types.js";

export type { Bridge, BridgeOptions, FrameworkDecision, Verdict } from "./bridge-types.js";

/**
 * Creates the bridge every adapter's approval flow is built on. The framework asks its user; the question and
 * the answer are kept in the store as an approval record bound to the bridge, agent, conversation, call id,
 * tool and exact input (`argsHash`). The bridge's approver, registered in `createGate`, honours an approval for
 * that call once (a second run of the same call — a replayed resume — is `APPROVAL_FAILED`) and a rejection
 * every time (`APPROVAL_DENIED`, so a rejected call is refused and recorded like any other). No answer, or one
 * still pending, fails closed.
 */
export function createBridge(options: BridgeOptions = {}): Bridge {
  const name = checkText("approval bridge", "approver", options.approver ?? "user", true) as string;
  const approvals = (options.store ?? memoryStore()).approvals;
  const ttlMs = durationOf("`ttl`", options.ttl, 900_000);
  const alwaysMs = durationOf("`always`", options.always, 3_600_000);
  const facts = (call: BridgedCall) => ({ ...call, agentId: call.agent.id, argsHash: hashArguments(call.input) });
  const ask = (call: BridgedCall, decision: Pick<Decision, "rule" | "reason" | "risk">) => {
    const key = answerKey(name, facts(call));
    return approvals.open(askedRequest(key, name, call, facts(call).argsHash, decision, ttlMs));
  };

  const approver = bridgeApprover(name, approvals);

  const settle = async (key: string, record: ApprovalRecord, answer: ApprovalDecision) => {
    const same = (current: ApprovalRecord) => current.status === (answer.approved ? "approved" : "rejected");
    if (record.status !== "pending") {
      if (same(record)) return;
      throw invalid(`call "${record.request.callId}" was already ${record.status}; its answer cannot change.`);
    }
    try {
      await approvals.answer(key, answer);
    } catch (error) {
      const now = await approvals.get(key);
      if (!now || !same(now)) throw error;
    }
  };

  return {
    name,
    approver,
    async verdict(gate, call) {
      const decision = await gate.check(call.agent, call.tool, call.input, { conversationId: call.conversationId });
      if (decision.effect !== "require_approval") return { kind: decision.effect, decision };
      const asksUs = (decision.approval?.steps ?? []).some((step) => step.approvers.includes(name));
      if (!asksUs) return { kind: "gate", decision };
      const sticky = await approvals.get(stickyKey(name, call.agent.id, call.tool, decision.rule));
      if (sticky?.status === "rejected") return { kind: "rejected", decision };
      if (call.callId === "") return { kind: "ask", decision }; // no call id yet: nothing to keep the question under
      const record = await ask(call, decision);
      if (record.status === "approved" || record.status === "rejected") {
        return { kind: "answered", decision, approved: record.status === "approved" };
      }
      return { kind: "ask", decision };
    },
    async answer(call, decision) {
      const { always, ...answer } = checked(decision);
      const key = answerKey(name, facts(call));
      let record = await approvals.get(key);
      if (!record && answer.approved) {
        throw invalid(
          `call "${call.callId}" was never asked about, or its question expired: ask through the framework.`,
        );
      }
      // A rejection is kept even unasked: the gate then refuses the call, and the refusal is recorded.
      record ??= await ask(call, { rule: "framework-approval", reason: "rejected through the framework" });
      const grant = always && answer.approved ? { grantFor: alwaysMs } : {};
      await settle(key, record, { ...answer, ...grant });
      if (always && !answer.approved) {
        const rule = record.request.rule;
        const stuck = stickyKey(name, call.agent.id, call.tool, rule);
        const held = await approvals.open(
          askedRequest(stuck, name, call, record.request.argsHash, record.request, alwaysMs),
        );
        await settle(stuck, held, { ...answer, reason: answer.reason ?? "always rejected through the framework" });
      }
    },
  };
}
