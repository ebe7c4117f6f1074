import { type Clock, isoTime } from "../../internal/clock.js";
import { getOrCreate } from "../../internal/get-or-create.js";
import type { GrantStore, NewGrant } from "../grants.js";
import { targets } from "../suspensions.js";
import type { ChainMember, StoredGrant, SuspensionTarget } from "../types.js";

type Held = StoredGrant & { readonly chain: readonly ChainMember[] };

/** Session grants held in this process; expired ones are dropped when read. */
export class MemoryGrants implements GrantStore {
  // Agent id, then tool name, then grant key: looked up with the call's own strings, no key text built per call.
  readonly #byAgent = new Map<string, Map<string, Map<string, Held>>>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  add(grant: NewGrant): StoredGrant {
    const { ttlMs, ...rest } = grant;
    const held: Held = Object.freeze({
      ...rest,
      expiresAt: isoTime(this.#clock.wall() + ttlMs),
      expiresAtMs: this.#clock.now() + ttlMs,
    });
    const byTool = getOrCreate(this.#byAgent, grant.agentId, () => new Map<string, Map<string, Held>>());
    getOrCreate(byTool, grant.tool, () => new Map<string, Held>()).set(grant.key, held); // a newer grant for the same approval replaces the older one
    return held;
  }

  /** The live grants of one agent and tool (read by admission). */
  live(agentId: string, tool: string, now: number): StoredGrant[] {
    const byTool = this.#byAgent.get(agentId);
    const grants = byTool?.get(tool);
    if (!byTool || !grants) return [];
    for (const [grantKey, grant] of grants) if (grant.expiresAtMs <= now) grants.delete(grantKey);
    if (grants.size > 0) return [...grants.values()];
    byTool.delete(tool);
    if (byTool.size === 0) this.#byAgent.delete(agentId);
    return [];
  }

  list(agentIds?: readonly string[]): StoredGrant[] {
    const now = this.#clock.now();
    const all = [...this.#byAgent.values()].flatMap((byTool) =>
      [...byTool.values()].flatMap((grants) => [...grants.values()]),
    );
    return all.filter((grant) => grant.expiresAtMs > now && (!agentIds || agentIds.includes(grant.agentId)));
  }

  revoke(target: SuspensionTarget): number {
    let revoked = 0;
    for (const [agentId, byTool] of this.#byAgent) {
      for (const [tool, grants] of byTool) {
        for (const [grantKey, grant] of grants) {
          if (!grant.chain.some((member) => targets(target, member))) continue;
          grants.delete(grantKey);
          revoked++;
        }
        if (grants.size === 0) byTool.delete(tool);
      }
      if (byTool.size === 0) this.#byAgent.delete(agentId);
    }
    return revoked;
  }
}
