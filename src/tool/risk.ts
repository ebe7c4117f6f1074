/**
 * How much harm a tool can do. `high` and `critical` need approval unless the policy says otherwise.
 *
 * @example
 * ```ts
 * const risk: Risk = "high";
 * ```
 */
export type Risk = "low" | "medium" | "high" | "critical";

/**
 * Every risk level, lowest first.
 *
 * @example
 * ```ts
 * RISKS.includes("high"); // true
 * ```
 */
export const RISKS: readonly Risk[] = ["low", "medium", "high", "critical"];
