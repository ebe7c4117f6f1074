import type { AgentRecord } from "../identity/inventory.js";
import type { CompiledPolicy } from "../policy/compiled.js";
import type { Store } from "../store/types.js";

/** `gate.inventory()`: every agent the store knows, with its suspension, policy grants and live session grants. */
export async function inventoryOf(store: Store, compiled: CompiledPolicy): Promise<AgentRecord[]> {
  const [agents, grants] = await Promise.all([store.agents.list(), store.grants.list()]);
  return agents.map((agent) => ({
    ...agent,
    chain: agent.chain.map((member) => member.id),
    suspended: agent.retiredAt ? undefined : store.suspensions.find(agent.chain),
    grants: compiled.grantsFor(agent.name),
    sessionGrants: grants
      .filter((grant) => grant.agentId === agent.id)
      .map(({ id, agentId, tool, rule, by, expiresAt }) => ({ id, agentId, tool, rule, by, expiresAt })),
  }));
}
