import { ToolgateError } from "../errors.js";
import { type Agent, parentOf } from "./agent.js";
import type { AgentRecord, CallEnding } from "./inventory.js";

interface Entry {
  readonly agent: Agent;
  readonly tools: Set<string>;
  readonly createdAt: string;
  counts: Record<CallEnding, number>;
  lastActivity: number | undefined;
  suspended: { reason: string; at: string } | undefined;
  // Aborted on suspension, so running calls and pending approvals of the agent and its delegates stop.
  controller: AbortController;
}

/** Every agent of one gate: identities, counters and suspensions. */
export class AgentRegistry {
  readonly #entries = new Map<string, Entry>();

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /** True for this very agent object, not merely one with a registered id. */
  owns(agent: Agent): boolean {
    return this.#entries.get(agent?.id)?.agent === agent;
  }

  add(agent: Agent): void {
    this.#entries.set(agent.id, {
      agent,
      tools: new Set(),
      createdAt: new Date().toISOString(),
      counts: { allowed: 0, denied: 0, failed: 0 },
      lastActivity: undefined,
      suspended: undefined,
      controller: new AbortController(),
    });
  }

  #entry(id: string): Entry {
    const entry = this.#entries.get(id);
    if (!entry) {
      throw new ToolgateError({
        code: "INVALID_ARGUMENT",
        message: `No agent with id "${id}" is registered with this gate; see gate.inventory() for the known ids.`,
      });
    }
    return entry;
  }

  noteTool(agent: Agent, tool: string): void {
    this.#entry(agent.id).tools.add(tool);
  }

  noteEnding(agent: Agent, ending: CallEnding): void {
    const entry = this.#entries.get(agent.id);
    if (!entry) return;
    entry.counts[ending]++;
    entry.lastActivity = Date.now();
  }

  /** The suspension that applies to the agent: its own or an ancestor's. */
  suspension(agent: Agent): { reason: string; by: string } | undefined {
    for (let current: Agent | undefined = agent; current; current = parentOf(current)) {
      const suspended = this.#entries.get(current.id)?.suspended;
      if (suspended) return { reason: suspended.reason, by: current.id };
    }
    return undefined;
  }

  /** A signal that aborts when the agent or an ancestor is suspended. */
  signal(agent: Agent): AbortSignal {
    return this.#entry(agent.id).controller.signal;
  }

  /** The agent and every delegate below it. */
  lineage(id: string): Set<string> {
    this.#entry(id);
    const ids = new Set<string>();
    for (const { agent } of this.#entries.values()) if (agent.chain.includes(id)) ids.add(agent.id);
    return ids;
  }

  suspend(id: string, reason: string): void {
    const entry = this.#entry(id);
    entry.suspended = { reason, at: new Date().toISOString() };
    const lineage = this.lineage(id);
    for (const other of this.#entries.values()) {
      if (!lineage.has(other.agent.id)) continue;
      other.controller.abort(
        new ToolgateError({
          code: "AGENT_SUSPENDED",
          message: `Agent "${entry.agent.name}" (${id}) was suspended: ${reason}. Resume it with gate.resume("${id}").`,
          decision: { effect: "deny", rule: "suspended", reason: `agent ${id} was suspended: ${reason}` },
          agentId: other.agent.id,
        }),
      );
      other.controller = new AbortController();
    }
  }

  resume(id: string): void {
    this.#entry(id).suspended = undefined;
  }

  inventory(): Omit<AgentRecord, "grants" | "sessionGrants">[] {
    return [...this.#entries.values()].map(({ agent, tools, createdAt, counts, lastActivity }) => {
      const suspension = this.suspension(agent);
      const at = suspension && this.#entries.get(suspension.by)?.suspended?.at;
      return {
        ...agent.identity,
        delegatedTools: agent.delegatedTools,
        tools: [...tools],
        createdAt,
        calls: counts.allowed + counts.denied + counts.failed,
        allowed: counts.allowed,
        denials: counts.denied,
        failures: counts.failed,
        lastActivity: lastActivity === undefined ? undefined : new Date(lastActivity).toISOString(),
        suspended: suspension && at ? { reason: suspension.reason, by: suspension.by, at } : undefined,
      };
    });
  }
}
