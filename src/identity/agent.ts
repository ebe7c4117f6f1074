import type { Mode } from "../policy/decision.js";
import { loose } from "../policy/loose.js";
import type { ChainMember } from "../store/types.js";
import type { GuardedTool } from "../tool/guarded.js";
import type { StandardSchemaV1 } from "../tool/standard-schema.js";
import type { AgentIdentity, Tool } from "../tool/tool.js";

/**
 * What `gate.agent()` takes. `owner` is the accountable team or person; `id` keeps an identity stable
 * across restarts (otherwise a new `agt_…` id is made).
 *
 * @example
 * ```ts
 * const options: AgentOptions = { name: "support-bot", owner: "team-support", version: "1.4.0" };
 * ```
 */
export interface AgentOptions {
  name: string;
  owner: string;
  version?: string;
  description?: string;
  tags?: string[];
  /** A stable id (no `/`); by default a new `agt_…` id. */
  id?: string;
  /**
   * `"shadow"`: this agent's calls (and its delegates') are decided and recorded as what would have happened, and
   * proceed without asking approvers; suspension and invalid input are still enforced. Default `"enforce"`; a
   * gate in shadow mode puts every agent in shadow whatever this says.
   */
  mode?: Mode;
}

/**
 * What `agent.delegate()` takes: a name and the tools the delegate may use (globs), a subset of the parent's.
 *
 * @example
 * ```ts
 * const options: DelegateOptions = { name: "researcher", tools: ["crm.read"] };
 * ```
 */
export interface DelegateOptions extends Omit<AgentOptions, "owner" | "id" | "mode"> {
  tools: string[];
  /** Defaults to the parent's owner. */
  owner?: string;
  /**
   * The delegate's id under its parent (no `/`), by default its name: the delegate's id is always
   * `<parent id>/<id>`, so the same delegate made again (after a restart) gets the same id, and no delegate
   * can take another agent's id.
   */
  id?: string;
}

// Kept out of the object: code holding a delegate must not be able to reach (and act as) its parent.
const parents = new WeakMap<Agent, Agent>();

/** @internal The agent a delegate was made from; not reachable from the delegate itself. */
export function parentOf(agent: Agent): Agent | undefined {
  return parents.get(agent);
}

/** @internal What an agent needs from the gate that made it. */
export interface AgentHost {
  guard<Schema extends StandardSchemaV1, Output>(agent: Agent, tool: Tool<Schema, Output>): GuardedTool<Schema, Output>;
  delegate(parent: Agent, options: DelegateOptions): Agent;
  retire(agent: Agent): Promise<void>;
}

/**
 * One agent identity, registered with a gate. Guard tools with it; every call then runs as this agent.
 *
 * @example
 * ```ts
 * const agent = gate.agent({ name: "support-bot", owner: "team-support" });
 * const refund = agent.guard(defineTool({ name: "refund", input: passthroughSchema(), execute: () => "ok" }));
 * const researcher = agent.delegate({ name: "researcher", tools: ["crm.read"] });
 * ```
 */
export class Agent implements AgentIdentity {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly version: string | undefined;
  readonly description: string | undefined;
  readonly tags: readonly string[];
  readonly parentId: string | undefined;
  readonly chain: readonly string[];
  /** For a delegate: the tool globs it was limited to. */
  readonly delegatedTools: readonly string[] | undefined;
  /** The plain, frozen identity a tool's `execute` receives. */
  readonly identity: AgentIdentity;
  /** @internal The delegation chain as ids and names, root first: what suspensions and the store key on. */
  readonly members: readonly ChainMember[];
  /** @internal The root agent's name, as written. */
  readonly rootName: string;
  /**
   * @internal The root name as state is kept under it (limits, flow marks, remembered rejections): read loosely,
   * as suspensions and monitors read it, so `Support-Bot` shares the budgets and marks of `support-bot`.
   */
  readonly rootKey: string;
  /** The root agent's mode: a delegate runs in the mode of the agent at the root of its chain. */
  readonly mode: Mode;
  readonly #host: AgentHost;

  /** @internal Use `gate.agent()` or `agent.delegate()`. */
  constructor(
    identity: Omit<AgentIdentity, "chain">,
    host: AgentHost,
    parent?: Agent,
    delegatedTools?: string[],
    mode: Mode = "enforce",
  ) {
    this.id = identity.id;
    this.name = identity.name;
    this.owner = identity.owner;
    this.version = identity.version;
    this.description = identity.description;
    this.tags = Object.freeze([...identity.tags]);
    this.parentId = parent?.id;
    if (parent) parents.set(this, parent);
    this.chain = Object.freeze([...(parent?.chain ?? []), identity.id]);
    this.members = Object.freeze([...(parent?.members ?? []), Object.freeze({ id: identity.id, name: identity.name })]);
    this.rootName = parent?.rootName ?? identity.name;
    this.rootKey = parent?.rootKey ?? loose(identity.name);
    this.mode = parent?.mode ?? mode;
    this.delegatedTools = delegatedTools && Object.freeze([...delegatedTools]);
    this.identity = Object.freeze({
      ...identity,
      tags: this.tags,
      parentId: this.parentId,
      chain: this.chain,
    });
    this.#host = host;
    Object.freeze(this);
  }

  /** Returns the tool gated for this agent: same name, description and schema; `call` and `safeCall` check first. */
  guard<Schema extends StandardSchemaV1, Output>(tool: Tool<Schema, Output>): GuardedTool<Schema, Output> {
    return this.#host.guard(this, tool);
  }

  /** Creates a child agent that may use only `tools`, and only those this agent may use. */
  delegate(options: DelegateOptions): Agent {
    return this.#host.delegate(this, options);
  }

  /**
   * Retires the agent and its delegates: every later call is refused, the gate forgets them, and the inventory
   * keeps them as history. An id is never reused.
   */
  retire(): Promise<void> {
    return this.#host.retire(this);
  }
}
