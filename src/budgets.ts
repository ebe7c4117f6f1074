import { type Agent, lineageOf } from "./identity/agent.js";
import type { Budget } from "./pipeline/limit.js";
import type { CompiledPolicy } from "./policy/compiled.js";

const NO_BUDGETS: readonly Budget[] = [];

/** The limits a call of `tool` draws on: those of the agent and of every ancestor, each under its own id. */
export function budgetsFor(compiled: CompiledPolicy, agent: Agent, tool: string): readonly Budget[] {
  let budgets = NO_BUDGETS;
  for (const member of lineageOf(agent)) {
    const limits = compiled.candidates(member.name, tool).limits;
    if (limits.length > 0) budgets = [...budgets, { agentId: member.id, limits }];
  }
  return budgets;
}
