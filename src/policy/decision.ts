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
}
