import { type Agent, parentOf } from "../identity/agent.js";
import type { CallPlan } from "../pipeline/types.js";
import type { CompiledPolicy } from "../policy/compiled.js";
import { type Decider, delegatedDecider } from "../policy/delegation.js";
import type { LimitDraw } from "../store/types.js";
import type { Tool } from "../tool/tool.js";
import { limitDraws } from "./admission-plan.js";
import type { DecisionPolicies } from "./decision-policies.js";
import { mayAskApproval } from "./policy-alone.js";

/** The decider of a call that no guard planned (`gate.check`): looked up for this call alone. */
export const deciderOf = (policy: CompiledPolicy, agent: Agent, tool: Tool): Decider =>
  delegatedDecider(policy, agent, parentOf, tool.name, tool.risk);

/**
 * What one guard looks up once, on its first call, and keeps for as long as it lives: the candidate rules of its
 * agent and of each ancestor (in the enforced policy, and as written when some rules are in shadow), the limits
 * its calls draw on, and whether the policy alone decides them (no admission, no approval). They depend only on the gate's compiled policies (fixed when the gate is made), the chain's
 * names and the tool, which a guard never changes; what does change (suspension, retirement, the input, the
 * mode) is read per call as before. Nothing is shared between guards, so nothing grows with the pairs seen.
 */
export class GuardPlan implements CallPlan {
  readonly #policies: DecisionPolicies;
  readonly agent: Agent;
  readonly tool: Tool;
  #enforced: Decider | undefined;
  #asWritten: Decider | undefined;
  #limits: readonly LimitDraw[] | undefined;
  readonly #gateAlone: boolean;
  #alone: boolean | undefined;

  /** `gateAlone`: the gate has a local store and no flow, monitor or shadow rule (the default is never to skip). */
  constructor(policies: DecisionPolicies, agent: Agent, tool: Tool, gateAlone = false) {
    this.#policies = policies;
    this.agent = agent;
    this.tool = tool;
    this.#gateAlone = gateAlone;
  }

  get enforced(): Decider {
    this.#enforced ??= deciderOf(this.#policies.enforced, this.agent, this.tool);
    return this.#enforced;
  }

  get asWritten(): Decider | undefined {
    const { asWritten } = this.#policies;
    if (asWritten === undefined) return undefined;
    this.#asWritten ??= deciderOf(asWritten, this.agent, this.tool);
    return this.#asWritten;
  }

  get limits(): readonly LimitDraw[] {
    this.#limits ??= limitDraws(this.#policies.enforced, this.agent, this.tool.name);
    return this.#limits;
  }

  get policyAlone(): boolean {
    this.#alone ??=
      this.#gateAlone && this.limits.length === 0 && !mayAskApproval(this.#policies.enforced, this.agent, this.tool);
    return this.#alone;
  }
}
