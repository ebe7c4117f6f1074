/** Agents a trail names, at most this many (past that, names stay unknown and the report says so). */
export const MAX_AGENTS = 100_000;

/**
 * The names and owners of agent ids, learned from the calls a trail records. A ledger entry names its acting
 * agent and, for a delegate, its root's name (`root`); the delegates between them are known by name once they
 * acted themselves. A root known only from `root` has an unknown owner (empty) until it acts.
 */
export class AgentDirectory {
  readonly #agents = new Map<string, { readonly name: string; readonly owner: string }>();
  full = false;

  learn(agent: {
    readonly id: string;
    readonly name: string;
    readonly owner: string;
    readonly chain?: readonly string[];
    readonly root?: string;
  }): void {
    const rootId = agent.chain?.[0];
    if (agent.root !== undefined && rootId !== undefined && rootId !== agent.id) {
      this.learn({ id: rootId, name: agent.root, owner: "" });
    }
    const known = this.#agents.get(agent.id);
    if (known && known.owner === "" && agent.owner !== "")
      this.#agents.set(agent.id, { name: known.name, owner: agent.owner });
    if (known) return;
    if (this.#agents.size >= MAX_AGENTS) {
      this.full = true;
      return;
    }
    this.#agents.set(agent.id, { name: agent.name, owner: agent.owner });
  }

  get(id: string): { readonly name: string; readonly owner: string } | undefined {
    return this.#agents.get(id);
  }
}
