import { hashArguments } from "../../approval/hash.js";
import type { ApprovalDecision, Approver } from "../../approval/types.js";
import { ToolgateError } from "../../errors.js";
import type { Gate } from "../../gate/types.js";
import { checkText } from "../../internal/checked-text.js";
import type { Decision } from "../../policy/decision.js";
import { parseDuration } from "../../policy/duration.js";
import type { Duration } from "../../policy/types.js";
import type { ApprovalRecord } from "../../store/approvals.js";
import { memoryStore } from "../../store/memory/index.js";
import type { Store } from "../../store/types.js";
import { bridgeApprover } from "./bridge-approver.js";
import { answerKey, stickyKey } from "./bridge-keys.js";
import { askedRequest, type BridgedCall } from "./bridge-record.js";

/**
 * Options of a framework approval bridge.
 *
 * @example
 * ```ts
 * const options: BridgeOptions = { approver: "user", store: gate.store, ttl: "15m", always: "1h" };
 * ```
 */
export interface BridgeOptions {
  /** The approver name the policy gives the framework's user (default `"user"`). */
  approver?: string;
  /** Where questions and answers are kept: the gate's store shares them across processes (default: this process). */
  store?: Store;
  /** How long the user has to answer once the framework asked (default `"15m"`, at most 24h). */
  ttl?: Duration;
  /** How long "always approve" covers the agent's later calls of the tool under the same rule (default `"1h"`). */
  always?: Duration;
}

/**
 * The user's answer through the framework's own approval UI. `always` asks to approve (a session grant) or
 * reject the agent's later calls of this tool under the same rule too.
 *
 * @example
 * ```ts
 * const answer: FrameworkDecision = { approved: true, by: "alice@example.com", always: true };
 * ```
 */
export interface FrameworkDecision {
  approved: boolean;
  by: string;
  reason?: string;
  always?: boolean;
}

/**
 * What the gate will do with a call, as a framework's approval hook needs to know it: run it (`allow`), refuse
 * it (`deny`, or `rejected` after an "always reject"), leave it to its own approvers (`gate`), or wait for the
 * user (`ask`; `answered` once they have).
 *
 * @example
 * ```ts
 * const verdict: Verdict = { kind: "ask", decision: { effect: "require_approval", rule: "deploys", reason: "deploys need the user" } };
 * ```
 */
export type Verdict =
  | { kind: "allow" | "deny" | "gate" | "rejected" | "ask"; decision: Decision }
  | { kind: "answered"; decision: Decision; approved: boolean };

/**
 * The bridge between a framework's approval flow and the gate: its approver answers the gate from what the
 * framework's user said, kept in the store.
 *
 * @example
 * ```ts
 * const verdict = await bridge.verdict(gate, { agent, tool: "deploy", input, callId: "c1", conversationId: undefined });
 * ```
 */
export interface Bridge {
  readonly name: string;
  readonly approver: Approver;
  /** Dry-runs the call; when the gate would ask this bridge, opens the question the user is to answer. */
  verdict(gate: Gate, call: BridgedCall): Promise<Verdict>;
  /** Records the user's answer for the exact call (idempotent for the same answer). */
  answer(call: BridgedCall, decision: FrameworkDecision): Promise<void>;
}

const MAX_MS = 86_400_000;
const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message });

function durationOf(what: string, value: Duration | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0 || ms > MAX_MS)
    throw invalid(`${what} must be a duration such as "15m", at most 24h.`);
  return ms;
}

function checked(decision: FrameworkDecision): FrameworkDecision {
  const { approved, by, reason, always } = (decision ?? {}) as Partial<FrameworkDecision>;
  if (typeof approved !== "boolean") throw invalid("An answer needs `approved`: the boolean true or false.");
  if (typeof by !== "string" || by.trim() === "") throw invalid("An answer needs `by`: who decided.");
  if (reason !== undefined && typeof reason !== "string") throw invalid("`reason` must be a string.");
  return { approved, by, ...(reason === undefined ? {} : { reason }), always: always === true };
}

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
