import type { ObservableCallback } from "@opentelemetry/api";
import type { Agent } from "../identity/agent.js";
import type { ChainMember, Suspension } from "../store/types.js";
import type { BoundedNames } from "./bounded.js";
import { METRIC_ATTRIBUTES } from "./names.js";

/** What the suspended-agents gauge reads: this process's live agents, and the suspensions as it sees them. */
export interface SuspendedSource {
  readonly agents: () => Iterable<Agent>;
  readonly find: (members: readonly ChainMember[]) => Suspension | undefined;
}

/**
 * The callback of `toolgate.agent.suspended`: how many of this process's live agents (delegates included) a
 * suspension in force stops, by root agent name. Each replica counts only the agents it holds, so the sum across
 * replicas is the organisation's count; a suspension by name that no live agent carries counts nothing. A name
 * reported once is reported as 0 after its agents are resumed or retired, so its series ends at 0.
 */
export function suspendedCallback(source: SuspendedSource, names: BoundedNames): ObservableCallback {
  const reported = new Set<string>();
  return (result) => {
    const counts = new Map<string, number>();
    for (const name of reported) counts.set(name, 0);
    for (const agent of source.agents()) {
      if (!source.find(agent.members)) continue;
      const name = names.of(agent.rootName);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      reported.add(name);
    }
    for (const [name, count] of counts) result.observe(count, { [METRIC_ATTRIBUTES.agent]: name });
  };
}
