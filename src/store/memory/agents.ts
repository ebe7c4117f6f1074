import { ToolgateError } from "../../errors.js";
import { type Clock, isoTime } from "../../internal/clock.js";
import type { AgentRegistration, AgentStore, StoredAgent } from "../agents.js";
import type { Settlement } from "../types.js";

type Counts = { calls: number; allowed: number; denials: number; failures: number };
type Entry = {
  agent: AgentRegistration;
  tools: Set<string>;
  counts: Counts;
  lastActivity?: number;
  retiredAt?: string;
};

const same = (a: AgentRegistration, b: AgentRegistration) =>
  a.name === b.name && a.owner === b.owner && a.parentId === b.parentId;

/** The agent registry held in this process: live agents, and retired ones as bounded history. */
export class MemoryAgents implements AgentStore {
  readonly #live = new Map<string, Entry>();
  readonly #retired = new Map<string, Entry>();
  readonly #clock: Clock;
  readonly #maxRetired: number;

  constructor(clock: Clock, maxRetired: number) {
    this.#clock = clock;
    this.#maxRetired = maxRetired;
  }

  register(agent: AgentRegistration): void {
    if (this.#retired.has(agent.id)) {
      throw invalid(`agent id "${agent.id}" was retired; ids are not reused, so give the new agent another id.`);
    }
    const existing = this.#live.get(agent.id);
    if (existing && !same(existing.agent, agent)) {
      throw invalid(
        `agent id "${agent.id}" is taken by "${existing.agent.name}" (owner ${existing.agent.owner}); ids must be unique.`,
      );
    }
    if (!existing)
      this.#live.set(agent.id, { agent, tools: new Set(), counts: { calls: 0, allowed: 0, denials: 0, failures: 0 } });
  }

  addTool(id: string, tool: string): void {
    this.#live.get(id)?.tools.add(tool);
  }

  retire(id: string): void {
    const entry = this.#live.get(id);
    if (!entry) return;
    this.#live.delete(id);
    entry.retiredAt = isoTime(this.#clock.wall());
    this.#retired.set(id, entry);
    if (this.#retired.size > this.#maxRetired) this.#retired.delete(this.#retired.keys().next().value as string);
  }

  get(id: string): StoredAgent | undefined {
    const entry = this.#live.get(id) ?? this.#retired.get(id);
    return entry && this.#view(entry);
  }

  list(): StoredAgent[] {
    return [...this.#live.values(), ...this.#retired.values()].map((entry) => this.#view(entry));
  }

  /** Counts a finished call (from `store.settle`), ended at `now` (this store's monotonic clock). */
  count(settlement: Settlement, now: number): void {
    const entry = this.#live.get(settlement.agentId);
    if (!entry) return;
    entry.counts.calls++;
    if (settlement.outcome === "allowed") entry.counts.allowed++;
    else if (settlement.outcome === "denied") entry.counts.denials++;
    else entry.counts.failures++;
    entry.lastActivity = now; // monotonic on the hot path; turned into wall time when read
  }

  #view({ agent, tools, counts, lastActivity, retiredAt }: Entry): StoredAgent {
    const last =
      lastActivity === undefined ? undefined : isoTime(this.#clock.wall() - (this.#clock.now() - lastActivity));
    return { ...agent, tools: [...tools], ...counts, lastActivity: last, retiredAt };
  }
}

const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message });
