import { deepFreeze } from "../internal/deep-freeze.js";
import { monitorApprovers } from "../monitor/approvers.js";
import type { CompiledPolicy } from "./compiled.js";
import type { PolicyDefinition } from "./types.js";

/**
 * A validated, compiled policy. Build one with `definePolicy` or `loadPolicy`; it is immutable.
 *
 * @example
 * ```ts
 * const policy = definePolicy({ rules: [{ id: "read", tools: ["*.read"], effect: "allow" }] });
 * policy.definition.rules.length; // 1
 * ```
 */
export class Policy {
  /** The policy data as validated (frozen). */
  readonly definition: Readonly<PolicyDefinition>;
  /** @internal The compiled index the gate decides with. */
  readonly compiled: CompiledPolicy;

  /** @internal Use `definePolicy` or `loadPolicy`. */
  constructor(definition: PolicyDefinition, compiled: CompiledPolicy) {
    this.definition = deepFreeze(definition);
    this.compiled = compiled;
    Object.freeze(this);
  }

  /** Every approver name the policy relies on; `createGate` refuses a policy naming one it lacks. */
  get approvers(): readonly string[] {
    return [...new Set([...this.compiled.approvers, ...monitorApprovers(this.definition)])];
  }
}
