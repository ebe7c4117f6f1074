/**
 * A session grant: an approval that also covers the agent's later calls of one tool under one rule, until
 * `expiresAt`.
 *
 * @example
 * ```ts
 * for (const grant of await gate.grants()) console.log(grant.agentId, grant.tool, grant.by, grant.expiresAt);
 * ```
 */
export interface SessionGrant {
  readonly id: string;
  readonly agentId: string;
  readonly tool: string;
  readonly rule: string;
  readonly by: readonly string[];
  readonly expiresAt: string;
}
