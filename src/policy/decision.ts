import type { Risk } from "../tool/risk.js";

/**
 * What the policy says about one call.
 *
 * @example
 * ```ts
 * const effect: Effect = "require_approval";
 * ```
 */
export type Effect = "allow" | "deny" | "require_approval";

/**
 * Who must approve a call and how long they have; present when a decision is `require_approval`.
 *
 * @example
 * ```ts
 * const need: ApprovalNeed = { steps: [{ approvers: ["owner"], quorum: 1 }], timeoutMs: 300_000 };
 * ```
 */
export interface ApprovalNeed {
  /** Steps run in order and all must approve; within a step, `quorum` of its `approvers` must approve. */
  readonly steps: readonly ApprovalStep[];
  readonly timeoutMs: number;
}

/**
 * One step of an approval chain.
 *
 * @example
 * ```ts
 * const step: ApprovalStep = { approvers: ["lead", "security"], quorum: 1 };
 * ```
 */
export interface ApprovalStep {
  readonly approvers: readonly string[];
  readonly quorum: number;
}

/**
 * Whether decisions are enforced or only recorded: `"shadow"` decides every call and records what would have
 * happened (a would-be denial, a would-be approval), and lets the call proceed without asking approvers.
 * Set on a gate (`createGate({ mode })`), a root agent (`gate.agent({ mode })`, inherited by its delegates) or a
 * rule (`mode` in the policy). Suspension and invalid input are always enforced.
 *
 * @example
 * ```ts
 * const mode: Mode = "shadow";
 * ```
 */
export type Mode = "enforce" | "shadow";

/**
 * What enforcement would have decided, beside the decision that applied: on every call in shadow mode, and on
 * an enforced call where the policy's shadow rules decide otherwise. `by` says whose mode left it unenforced.
 *
 * @example
 * ```ts
 * const decision = await gate.check(agent, "db.drop", {});
 * if (decision.shadow?.effect === "deny") console.log(`would be denied by ${decision.shadow.rule}`);
 * ```
 */
export interface ShadowDecision {
  readonly effect: Effect;
  readonly rule: string;
  readonly reason: string;
  readonly by: "gate" | "agent" | "rule";
}

/**
 * The explained result of a permission check. `rule` always names what decided: a rule id,
 * `default-deny`, or a built-in guard such as `suspended`, `delegation` or `invalid-input`.
 *
 * @example
 * ```ts
 * const decision = await gate.check(agent, "refund.issue", { orderId: "o-1", amount: 500 });
 * if (decision.effect === "deny") console.log(`${decision.rule}: ${decision.reason}`);
 * ```
 */
export interface Decision {
  readonly effect: Effect;
  readonly rule: string;
  readonly reason: string;
  readonly risk?: Risk;
  readonly approval?: ApprovalNeed;
  /** What enforcement would have decided, when the call was not (wholly) enforced: see {@link ShadowDecision}. */
  readonly shadow?: ShadowDecision;
}
