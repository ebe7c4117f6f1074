import type { Approver } from "../../approval/types.js";
import type { Gate } from "../../gate/types.js";
import type { Decision } from "../../policy/decision.js";
import type { Duration } from "../../policy/types.js";
import type { Store } from "../../store/types.js";
import type { BridgedCall } from "./bridge-record.js";

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
