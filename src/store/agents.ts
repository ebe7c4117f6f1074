import type { Awaitable } from "../internal/awaitable.js";
import type { ChainMember } from "./types.js";

/**
 * An agent identity as the registry keeps it.
 *
 * @example
 * ```ts
 * const agent: AgentRegistration = { id: "agt_1", name: "support-bot", owner: "team-support", version: undefined, description: undefined, tags: [], parentId: undefined, chain: [{ id: "agt_1", name: "support-bot" }], delegatedTools: undefined, createdAt: "2026-12-01T00:00:00.000Z" };
 * ```
 */
export interface AgentRegistration {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly version: string | undefined;
  readonly description: string | undefined;
  readonly tags: readonly string[];
  readonly parentId: string | undefined;
  /** Root first, this agent last. */
  readonly chain: readonly ChainMember[];
  readonly delegatedTools: readonly string[] | undefined;
  readonly createdAt: string;
}

/**
 * A registered agent with what it has done: the organisation's inventory, as the store sees it.
 *
 * @example
 * ```ts
 * for (const agent of await store.agents.list()) console.log(agent.name, agent.calls, agent.retiredAt);
 * ```
 */
export interface StoredAgent extends AgentRegistration {
  readonly tools: readonly string[];
  readonly calls: number;
  readonly allowed: number;
  readonly denials: number;
  readonly failures: number;
  readonly lastActivity: string | undefined;
  /** Set once retired: the agent is refused, its record kept as history. */
  readonly retiredAt: string | undefined;
}

/**
 * The agent registry. Registering an id again with the same identity is a no-op (a restarted process
 * rebuilds its agents); with another identity it is refused.
 *
 * @example
 * ```ts
 * await store.agents.register({
 *   id: "agt_1", name: "support-bot", owner: "team", version: undefined, description: undefined, tags: [],
 *   parentId: undefined, chain: [{ id: "agt_1", name: "support-bot" }], delegatedTools: undefined,
 *   createdAt: new Date().toISOString(),
 * });
 * ```
 */
export interface AgentStore {
  /** Throws a `ToolgateError` (`INVALID_ARGUMENT`) when the id is taken by another identity or was retired. */
  register(agent: AgentRegistration): Awaitable<void>;
  addTool(id: string, tool: string): Awaitable<void>;
  retire(id: string): Awaitable<void>;
  get(id: string): Awaitable<StoredAgent | undefined>;
  /** Live agents first, then retired ones (history). */
  list(): Awaitable<StoredAgent[]>;
}
