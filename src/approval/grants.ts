import { newGrantId } from "../internal/ids.js";

/**
 * A session grant: an approval that also covers one agent's later calls of one tool under one rule,
 * until `expiresAt`.
 *
 * @example
 * ```ts
 * for (const grant of gate.grants()) console.log(grant.agentId, grant.tool, grant.by, grant.expiresAt);
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

import type { ApprovalNeed } from "../policy/decision.js";

// A grant covers the exact approval it replaced: the same rule and the same steps. A call that needs more
// (a flow adding its approvers, say) is not covered.
const keyOf = (agentId: string, tool: string, rule: string, need: ApprovalNeed) =>
  [agentId, tool, rule, ...need.steps.map((step) => `${step.quorum}/${step.approvers.join(",")}`)].join("\u0000");

/** The live session grants of one gate. Expired grants are dropped when looked up or listed. */
export class SessionGrants {
  readonly #byKey = new Map<string, SessionGrant & { expiresAtMs: number }>();

  add(agentId: string, tool: string, rule: string, need: ApprovalNeed, by: readonly string[], expiresAtMs: number) {
    const grant = {
      id: newGrantId(),
      agentId,
      tool,
      rule,
      by,
      expiresAt: new Date(expiresAtMs).toISOString(),
      expiresAtMs,
    };
    this.#byKey.set(keyOf(agentId, tool, rule, need), grant);
    return grant;
  }

  find(agentId: string, tool: string, rule: string, need: ApprovalNeed, now: number): SessionGrant | undefined {
    const key = keyOf(agentId, tool, rule, need);
    const grant = this.#byKey.get(key);
    if (grant && grant.expiresAtMs <= now) this.#byKey.delete(key);
    return grant && grant.expiresAtMs > now ? grant : undefined;
  }

  /** Revokes every grant held by the given agents; returns how many. */
  revoke(agentIds: ReadonlySet<string>): number {
    let revoked = 0;
    for (const [key, grant] of this.#byKey) {
      if (agentIds.has(grant.agentId)) revoked += Number(this.#byKey.delete(key));
    }
    return revoked;
  }

  list(now: number): SessionGrant[] {
    return [...this.#byKey.values()]
      .filter((grant) => grant.expiresAtMs > now)
      .map(({ expiresAtMs: _, ...grant }) => grant);
  }
}
