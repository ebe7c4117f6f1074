import type { CallRecord } from "../trail/calls.js";
import { MAX_AGENTS } from "../trail/directory.js";

/** Tools listed per agent; past this many, the others are counted in `otherTools`. */
const MAX_TOOLS = 200;

/**
 * One agent instance as a trail shows it: identity, what it used, how its calls ended, when it was last active,
 * and the suspensions recorded for it (or for its name, or for an agent up its delegation chain).
 *
 * @example
 * ```ts
 * const inventory = await trailInventory(["audit.jsonl"]);
 * const busiest: InventoryAgent | undefined = inventory.agents[0];
 * console.log(`${busiest?.name}: ${busiest?.calls.allowed} allowed, ${busiest?.calls.denied} denied`);
 * ```
 */
export interface InventoryAgent {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  /** Agent ids, root first; a delegate's parent is the one before it. */
  readonly chain: readonly string[];
  readonly tools: readonly { readonly name: string; readonly calls: number }[];
  readonly otherTools: number;
  /** `allowed` and `failed` ran (by how they ended), `denied` were refused, `unended` began and have no end in the trail. */
  readonly calls: {
    readonly allowed: number;
    readonly failed: number;
    readonly denied: number;
    readonly unended: number;
  };
  readonly firstActivity: string;
  readonly lastActivity: string;
  readonly suspensions: readonly InventorySuspension[];
  /** The last suspension that applies, unless a later `resume` event lifted it. */
  readonly suspended: InventorySuspension | undefined;
}

/**
 * A `suspension` event of the trail: when, whom (an agent id, or every instance of a name), and why.
 *
 * @example
 * ```ts
 * const suspension: InventorySuspension = { time: "2025-01-01T09:00:00.000Z", agentId: "agt_1", reason: "anomaly" };
 * ```
 */
export interface InventorySuspension {
  readonly time: string;
  readonly agentId?: string;
  readonly name?: string;
  readonly reason: string;
  /** A later `resume` event for the same target. */
  readonly resumed?: string;
}

/** What the inventory counts for one agent while the trail streams. */
export class AgentTally {
  readonly tools = new Map<string, number>();
  otherTools = 0;
  allowed = 0;
  failed = 0;
  denied = 0;
  unended = 0;
  first = "";
  last = "";

  constructor(readonly identity: CallRecord["agent"]) {}

  active(time: string): void {
    if (time === "") return;
    if (this.first === "" || time < this.first) this.first = time;
    if (time > this.last) this.last = time;
  }

  used(tool: string): void {
    const calls = this.tools.get(tool);
    if (calls !== undefined) this.tools.set(tool, calls + 1);
    else if (this.tools.size < MAX_TOOLS) this.tools.set(tool, 1);
    else this.otherTools++;
  }
}

/**
 * The agents a trail shows, by identity (id, name and owner); past {@link MAX_AGENTS}, new ones are counted only.
 * Not by id alone: a process the store refused an id another identity holds records its refusals under that id,
 * and they are not its holder's.
 */
export class AgentTallies {
  readonly #byIdentity = new Map<string, AgentTally>();
  /** The first identity seen with each id: whose name a chain shows. */
  readonly #byId = new Map<string, AgentTally>();
  dropped = 0;

  get(agent: CallRecord["agent"]): AgentTally | undefined {
    const identity = JSON.stringify([agent.id, agent.name, agent.owner]);
    let tally = this.#byIdentity.get(identity);
    if (!tally && this.#byIdentity.size < MAX_AGENTS) {
      tally = new AgentTally(agent);
      this.#byIdentity.set(identity, tally);
      if (!this.#byId.has(agent.id)) this.#byId.set(agent.id, tally);
    } else if (!tally) this.dropped++;
    return tally;
  }

  byId(id: string): AgentTally | undefined {
    return this.#byId.get(id);
  }

  values(): IterableIterator<AgentTally> {
    return this.#byIdentity.values();
  }
}
