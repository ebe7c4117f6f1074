import { ToolgateError } from "../errors.js";
import { isoTime } from "../internal/clock.js";
import type { AgentRegistration, AgentStore, StoredAgent } from "../store/agents.js";
import type { Connection } from "./connection.js";
import { type KeyLayout, part, rootKeys } from "./keys.js";
import type { RedisSettings } from "./options.js";
import { ADD_TOOL, LIST_AGENTS, REGISTER, RETIRE } from "./scripts/agents.js";

const NEEDED = "the agent registry";
const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message });

/** An agent's record, with the counters (and tools) that `settle` keeps in its root's slot. */
function stored(json: string, retired: string, counters: Record<string, string>): StoredAgent {
  const agent = JSON.parse(json) as AgentRegistration;
  const count = (field: string) => Number(counters[field] ?? 0);
  const tools = Object.keys(counters)
    .filter((field) => field.startsWith("t:"))
    .map((field) => field.slice(2));
  return Object.freeze({
    ...{ id: agent.id, name: agent.name, owner: agent.owner, version: agent.version },
    ...{ description: agent.description, tags: agent.tags, parentId: agent.parentId, chain: agent.chain },
    ...{ delegatedTools: agent.delegatedTools, createdAt: agent.createdAt, tools },
    ...{ calls: count("calls"), allowed: count("allowed"), denials: count("denials"), failures: count("failures") },
    lastActivity: counters.last ? isoTime(Number(counters.last)) : undefined,
    retiredAt: retired ? isoTime(Number(retired)) : undefined,
  });
}

/**
 * The organisation's inventory in Redis: identities (registered once, never reused) in one slot, and each
 * agent's counters, tools and last activity in its root's slot, where `settle` updates them.
 */
export class RedisAgents implements AgentStore {
  readonly #connection: Connection;
  readonly #keys: KeyLayout;
  readonly #settings: RedisSettings;
  readonly #index: [string, string];
  /** Where this process's agents keep their counters (saves a read in `addTool`). */
  readonly #countersOf = new Map<string, string>();

  /** Resolves once this replica's settlements so far are applied: its own calls are in the counters read. */
  readonly #settled: () => Promise<void>;

  constructor(connection: Connection, keys: KeyLayout, settings: RedisSettings, settled: () => Promise<void>) {
    this.#connection = connection;
    this.#settled = settled;
    this.#keys = keys;
    this.#settings = settings;
    this.#index = [`${keys.agents}live`, `${keys.agents}retired`];
  }

  async register(agent: AgentRegistration): Promise<void> {
    const counters = this.#keys.root(agent.chain[0]?.name ?? agent.name) + rootKeys.counters(agent.id);
    const identity = JSON.stringify([agent.name, agent.owner, agent.parentId ?? null]);
    const args = [
      this.#keys.agents,
      part(agent.id),
      JSON.stringify(agent),
      identity,
      counters,
      this.#settings.maxAgents,
    ];
    const [outcome, detail] = (await this.#connection.run(REGISTER, [this.#index[0]], args, NEEDED)) as [
      string,
      string?,
    ];
    if (outcome === "retired") {
      throw invalid(`agent id "${agent.id}" was retired; ids are not reused, so give the new agent another id.`);
    }
    if (outcome === "taken") {
      const holder = JSON.parse(detail as string) as AgentRegistration;
      throw invalid(`agent id "${agent.id}" is taken by "${holder.name}" (owner ${holder.owner}); ids must be unique.`);
    }
    if (outcome === "full") {
      throw invalid(
        `the store's registry already holds ${detail} live agents (maxAgents, across every replica); retire agents you no longer need.`,
      );
    }
    await this.#connection.command(() => this.#connection.client.hsetnx(counters, "calls", 0), NEEDED);
    this.#countersOf.set(agent.id, counters);
  }

  async addTool(id: string, tool: string): Promise<void> {
    const counters = this.#countersOf.get(id) ?? (await this.#field(id, "r"));
    if (counters) await this.#connection.run(ADD_TOOL, [counters], [`t:${tool}`], NEEDED);
  }

  async retire(id: string): Promise<void> {
    const args = [
      this.#keys.agents,
      part(id),
      this.#connection.now(),
      this.#connection.wall(),
      this.#settings.maxRetiredAgents,
    ];
    const dropped = (await this.#connection.run(RETIRE, this.#index, args, NEEDED)) as string[];
    this.#countersOf.delete(id);
    await Promise.all(dropped.map((key) => this.#connection.command(() => this.#connection.client.del(key), NEEDED)));
  }

  async get(id: string): Promise<StoredAgent | undefined> {
    await this.#connection.command(this.#settled, NEEDED);
    const [json, retired, counters] = await this.#connection.command(
      () => this.#connection.client.hmget(`${this.#keys.agents}a:${part(id)}`, "j", "t", "r"),
      NEEDED,
    );
    if (!json || !counters) return undefined;
    return stored(json, retired ?? "", await this.#counters(counters));
  }

  async list(): Promise<StoredAgent[]> {
    await this.#connection.command(this.#settled, NEEDED);
    const flat = (await this.#connection.run(LIST_AGENTS, this.#index, [this.#keys.agents], NEEDED)) as string[];
    const agents: Promise<StoredAgent>[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) {
      const [json, retired, counters] = flat.slice(i, i + 3) as [string, string, string];
      agents.push(this.#counters(counters).then((held) => stored(json, retired, held)));
    }
    return Promise.all(agents);
  }

  #counters(key: string): Promise<Record<string, string>> {
    return this.#connection.command(() => this.#connection.client.hgetall(key), NEEDED);
  }

  async #field(id: string, field: string): Promise<string | null> {
    return this.#connection.command(
      () => this.#connection.client.hget(`${this.#keys.agents}a:${part(id)}`, field),
      NEEDED,
    );
  }
}
