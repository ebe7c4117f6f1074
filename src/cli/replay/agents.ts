import type { Gate } from "../../gate/types.js";
import type { Agent } from "../../identity/agent.js";
import type { CallRecord } from "../trail/calls.js";
import type { AgentDirectory } from "../trail/directory.js";

/** An agent rebuilt for a recorded call, the names along its chain, and whether any was taken from an id. */
export type Rebuilt =
  | { readonly agent: Agent; readonly names: readonly string[]; readonly assumed: boolean }
  | { readonly unresolved: string };

/**
 * The agents of recorded calls rebuilt in the candidate's gate, with the ids and names the trail shows: the root
 * by its own id, each delegate under its parent with its local id. A delegate may use every tool here (`*`): its
 * tool list is code, not policy, so the replay shows what the policy decides. A delegate whose name the trail never
 * shows is named by its local id (the gate's default); a root whose name it never shows cannot be rebuilt.
 */
export class ReplayAgents {
  readonly #byId = new Map<string, Rebuilt>();

  constructor(
    private readonly gate: Gate,
    private readonly directory: AgentDirectory,
  ) {}

  for(call: CallRecord): Rebuilt {
    const { chain } = call.agent;
    let built = this.#byId.get(chain.at(-1) as string);
    if (built) return built;
    let parent: Rebuilt | undefined;
    for (const [index, id] of chain.entries()) {
      built = this.#byId.get(id);
      if (!built) {
        const named = index === chain.length - 1 ? call.agent : this.directory.get(id);
        built = this.#build(id, named, parent, call.agent.name);
        this.#byId.set(id, built);
      }
      if ("unresolved" in built) return built;
      parent = built;
    }
    return built as Rebuilt;
  }

  #build(
    id: string,
    named: { name: string; owner: string } | undefined,
    parent: Rebuilt | undefined,
    actor: string,
  ): Rebuilt {
    try {
      if (!parent) {
        if (!named)
          return {
            unresolved: `the root agent ${id} of delegate "${actor}" never acted in the trail, so its name is unknown`,
          };
        const agent = this.gate.agent({ name: named.name, owner: named.owner || "(unknown)", id });
        return { agent, names: [named.name], assumed: false };
      }
      if ("unresolved" in parent) return parent;
      if (!id.startsWith(`${parent.agent.id}/`)) {
        return { unresolved: `the delegation chain of "${actor}" is malformed: ${id} is not under ${parent.agent.id}` };
      }
      const local = id.slice(parent.agent.id.length + 1);
      const name = named?.name ?? local;
      const agent = parent.agent.delegate({ name, id: local, tools: ["*"] });
      return { agent, names: [...parent.names, name], assumed: parent.assumed || named === undefined };
    } catch (error) {
      return { unresolved: `the agent "${actor}" cannot be rebuilt: ${(error as Error).message}` };
    }
  }
}
