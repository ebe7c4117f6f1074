import { isoTime } from "../internal/clock.js";
import { deepFreeze } from "../internal/deep-freeze.js";
import type { GrantStore, NewGrant } from "../store/grants.js";
import { targets } from "../store/suspensions.js";
import type { ChainMember, StoredGrant, SuspensionTarget } from "../store/types.js";
import type { Connection } from "./connection.js";
import { type KeyLayout, part, rootKeys } from "./keys.js";
import { INDEX_GRANT, LIST_GRANTS, PUT_GRANT } from "./scripts/grants.js";

interface Indexed {
  readonly field: string;
  readonly root: string;
  readonly chain: readonly ChainMember[];
  readonly grant: StoredGrant;
}

const NEEDED = "the session grants";

/**
 * Session grants in Redis: the copy admission reads lives in the root's slot; an index in one slot lists them
 * and finds those a revocation must remove. The index entry is written first and checked after the copy, so
 * a revocation that runs in between removes the copy too.
 */
export class RedisGrants implements GrantStore {
  readonly #connection: Connection;
  readonly #keys: KeyLayout;
  readonly #index: string;

  constructor(connection: Connection, keys: KeyLayout) {
    this.#connection = connection;
    this.#keys = keys;
    this.#index = `${keys.grants}idx`;
  }

  async add(grant: NewGrant): Promise<StoredGrant> {
    const { ttlMs, chain, ...rest } = grant;
    const root = chain[0]?.name ?? grant.agentId;
    const field = [root, grant.agentId, grant.tool, grant.key].map(part).join(":");
    const ttl = Math.max(1, Math.ceil(ttlMs));
    const now = this.#connection.now();
    const wall = this.#connection.wall();
    const meta = JSON.stringify({ root, chain, grant: rest });
    const [expiresAtMs, wallExpiry] = (await this.#connection.run(
      INDEX_GRANT,
      [this.#index],
      [field, meta, ttl, now, wall],
      NEEDED,
    )) as [number, number];
    const stored = deepFreeze({ ...rest, expiresAt: isoTime(wallExpiry), expiresAtMs: Number(expiresAtMs) });
    const copy = this.#keys.root(root) + rootKeys.grants(grant.agentId, grant.tool);
    await this.#connection.run(
      PUT_GRANT,
      [copy],
      [grant.key, `${stored.expiresAtMs}|${JSON.stringify(stored)}`, ttl],
      NEEDED,
    );
    const indexed = await this.#connection.command(() => this.#connection.client.hexists(this.#index, field), NEEDED);
    if (!indexed) await this.#connection.command(() => this.#connection.client.hdel(copy, grant.key), NEEDED);
    return stored;
  }

  async list(agentIds?: readonly string[]): Promise<StoredGrant[]> {
    const live = (await this.#indexed()).map((entry) => entry.grant);
    return agentIds ? live.filter((grant) => agentIds.includes(grant.agentId)) : live;
  }

  async revoke(target: SuspensionTarget): Promise<number> {
    const revoked = (await this.#indexed()).filter((entry) => entry.chain.some((member) => targets(target, member)));
    const { client } = this.#connection;
    await Promise.all(
      revoked.map(async ({ field, root, grant }) => {
        await this.#connection.command(() => client.hdel(this.#index, field), NEEDED);
        const copy = this.#keys.root(root) + rootKeys.grants(grant.agentId, grant.tool);
        await this.#connection.command(() => client.hdel(copy, grant.key), NEEDED);
      }),
    );
    return revoked.length;
  }

  async #indexed(): Promise<Indexed[]> {
    const flat = (await this.#connection.run(LIST_GRANTS, [this.#index], [this.#connection.now()], NEEDED)) as string[];
    const entries: Indexed[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const value = flat[i + 1] as string;
      const [expires, wall] = value.split("|", 2).map(Number) as [number, number];
      const meta = JSON.parse(value.slice(value.indexOf("|", value.indexOf("|") + 1) + 1));
      const grant = deepFreeze({ ...meta.grant, expiresAt: isoTime(wall), expiresAtMs: expires }) as StoredGrant;
      entries.push({ field: flat[i] as string, root: meta.root, chain: meta.chain, grant });
    }
    return entries;
  }
}
