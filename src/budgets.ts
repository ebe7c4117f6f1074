import { type Agent, parentOf } from "./identity/agent.js";
import type { Budget } from "./pipeline/limit.js";
import type { CompiledPolicy } from "./policy/compiled.js";

const NO_BUDGETS: readonly Budget[] = [];

/** The limits a call of `tool` draws on: those of the agent and of every ancestor, each under its own id. */
export function budgetsFor(compiled: CompiledPolicy, agent: Agent, tool: string): readonly Budget[] {
  let budgets = NO_BUDGETS;
  // Walked without building the lineage: most agents have no parent and most tools no limits.
  for (let member: Agent | undefined = agent; member; member = parentOf(member)) {
    const limits = compiled.candidates(member.name, tool).limits;
    if (limits.length > 0) budgets = [...budgets, { agentId: member.id, limits }];
  }
  return budgets;
}
