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

const keyOf = (agentId: string, tool: string, rule: string) => `${agentId}\u0000${tool}\u0000${rule}`;

/** The live session grants of one gate. Expired grants are dropped when looked up or listed. */
export class SessionGrants {
  readonly #byKey = new Map<string, SessionGrant & { expiresAtMs: number }>();

  add(agentId: string, tool: string, rule: string, by: readonly string[], expiresAtMs: number): SessionGrant {
    const grant = {
      id: newGrantId(),
      agentId,
      tool,
      rule,
      by,
      expiresAt: new Date(expiresAtMs).toISOString(),
      expiresAtMs,
    };
    this.#byKey.set(keyOf(agentId, tool, rule), grant);
    return grant;
  }

  find(agentId: string, tool: string, rule: string, now: number): SessionGrant | undefined {
    const key = keyOf(agentId, tool, rule);
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
