/** Agents a trail names, at most this many (past that, names stay unknown and the report says so). */
export const MAX_AGENTS = 100_000;

/**
 * The names and owners of agent ids, learned from the calls a trail records. A ledger entry names its acting
 * agent, but its delegation chain only by ids: a delegate's parents are known by name once they acted themselves.
 */
export class AgentDirectory {
  readonly #agents = new Map<string, { readonly name: string; readonly owner: string }>();
  full = false;

  learn(agent: { readonly id: string; readonly name: string; readonly owner: string }): void {
    if (this.#agents.has(agent.id)) return;
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
