import { ToolgateError } from "../errors.js";
import { andThen } from "../internal/awaitable.js";
import { isoTime } from "../internal/clock.js";
import { loose } from "../policy/loose.js";
import type { AgentStore } from "../store/agents.js";
import { targets } from "../store/suspensions.js";
import type { SuspensionTarget } from "../store/types.js";
import type { Agent } from "./agent.js";

/** A live agent of this gate. */
export interface Live {
  readonly agent: Agent;
  // Aborted on suspension, so running calls and pending approvals of the agent and its delegates stop.
  controller: AbortController;
  /** Pending while the store registers the agent; rejected if the store refused the id. */
  registration: Promise<void> | undefined;
}

const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message });

/**
 * The live agents of one gate: the objects it made (so `owns` can tell them from look-alikes), their abort
 * controllers, and how many there are (capped). Their records, counters and history live in the store.
 */
export class AgentRegistry {
  readonly #live = new Map<string, Live>();
  // How many live root agents go by each name, read loosely: a delegate may not pass for one of them.
  readonly #rootNames = new Map<string, number>();
  readonly #store: AgentStore;
  readonly #maxAgents: number;

  constructor(store: AgentStore, maxAgents: number) {
    this.#store = store;
    this.#maxAgents = maxAgents;
  }

  /** Registers a new agent here and in the store; throws when the id is taken, retired, or the cap is reached. */
  add(agent: Agent, wallMs: number): void {
    if (this.#live.has(agent.id))
      throw invalid(`${what(agent)}: an agent with id "${agent.id}" already exists; ids must be unique.`);
    if (this.#live.size >= this.#maxAgents) {
      throw invalid(
        `${what(agent)}: this gate already has ${this.#maxAgents} live agents (the cap); retire agents you no longer need.`,
      );
    }
    if (agent.parentId) this.#refuseImpersonation(agent);
    const { identity } = agent;
    const register = () =>
      this.#store.register({
        ...identity,
        chain: agent.members,
        delegatedTools: agent.delegatedTools,
        createdAt: isoTime(wallMs),
      });
    // A delegate is registered once its parent is: a parent the store refused (another identity's id) refuses its
    // delegates too, or they would run, and be recorded under that identity's id.
    const parentRegistration = agent.parentId ? this.#live.get(agent.parentId)?.registration : undefined;
    const registered = parentRegistration ? parentRegistration.then(register) : register();
    const registration = registered instanceof Promise ? registered : undefined;
    const live: Live = { agent, controller: new AbortController(), registration };
    // Once confirmed, calls stop waiting for it; a refusal stays, and every call the agent makes reports it.
    registration?.then(
      () => {
        live.registration = undefined;
      },
      () => {},
    );
    this.#live.set(agent.id, live);
    if (!agent.parentId) this.#countRoot(agent, 1);
  }

  #refuseImpersonation(agent: Agent): void {
    const name = loose(agent.name);
    if (name === loose(agent.rootName) || !this.#rootNames.has(name)) return;
    throw invalid(
      `agent.delegate: a delegate of "${agent.rootName}" may not be named "${agent.name}", the name of another live agent of this gate (approvers and traces would show it as that agent); choose another name.`,
    );
  }

  #countRoot(agent: Agent, by: 1 | -1): void {
    const name = loose(agent.name);
    const count = (this.#rootNames.get(name) ?? 0) + by;
    if (count > 0) this.#rootNames.set(name, count);
    else this.#rootNames.delete(name);
  }

  /** True for this very agent object, made by this gate and not retired. */
  owns(agent: Agent): boolean {
    return this.#live.get(agent?.id)?.agent === agent;
  }

  /**
   * This very agent's live entry (undefined when this gate did not make it, or it was retired): its abort
   * controller, and its registration while the store has not confirmed it yet.
   */
  live(agent: Agent): Readonly<Live> | undefined {
    const live = this.#live.get(agent?.id);
    return live?.agent === agent ? live : undefined;
  }

  /** Every live agent of this gate, delegates included. */
  *agents(): IterableIterator<Agent> {
    for (const live of this.#live.values()) yield live.agent;
  }

  noteTool(agent: Agent, tool: string): void {
    // Only once the store confirms the agent: a registration it refuses is another identity's id, whose record
    // the impostor's tools must not join.
    const registration = this.live(agent)?.registration;
    const added = registration
      ? registration.then(() => this.#store.addTool(agent.id, tool))
      : this.#store.addTool(agent.id, tool);
    if (added instanceof Promise) added.catch(() => {}); // the inventory's tool list is informational
  }

  /** Aborts the running calls and pending approvals of every live agent a suspension applies to. */
  abort(target: SuspensionTarget, reasonFor: (agent: Agent) => ToolgateError): void {
    for (const live of this.#live.values()) {
      if (!live.agent.members.some((member) => targets(target, member))) continue;
      live.controller.abort(reasonFor(live.agent));
      live.controller = new AbortController();
    }
  }

  /** True when the store or this gate knows the agent id. */
  knows(id: string): boolean | Promise<boolean> {
    if (this.#live.has(id)) return true;
    return andThen(this.#store.get(id), (stored) => stored !== undefined);
  }

  /** Retires the agent and its live delegates: they leave this gate; the store keeps them as history. */
  async retire(agent: Agent): Promise<void> {
    if (!this.owns(agent)) throw invalid(`agent.retire: agent "${agent.id}" is not live in this gate.`);
    const lineage = [...this.#live.values()].filter((live) => live.agent.chain.includes(agent.id));
    for (const live of lineage) {
      this.#live.delete(live.agent.id);
      if (!live.agent.parentId) this.#countRoot(live.agent, -1);
      live.controller.abort(retiredError(live.agent));
    }
    await Promise.all(lineage.map((live) => this.#store.retire(live.agent.id)));
  }
}

const what = (agent: Agent) => (agent.parentId ? "agent.delegate" : "gate.agent");

/** Why a call of a retired agent (or one this gate never made) is refused. */
export function retiredError(agent: Agent): ToolgateError {
  const decision = {
    effect: "deny" as const,
    rule: "retired",
    reason: `agent ${agent.id} is retired or not registered with this gate`,
  };
  return new ToolgateError({
    code: "TOOL_DENIED",
    message: `Agent "${agent.name}" (${agent.id}) may not call tools: ${decision.reason}. Create a new agent with gate.agent().`,
    decision,
    agentId: agent.id,
  });
}
