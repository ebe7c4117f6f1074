import type { SessionGrant } from "../approval/grants.js";
import type { StoredAgent } from "../store/agents.js";
import type { Suspension } from "../store/types.js";

/**
 * One agent as `gate.inventory()` reports it: who it is, what it may touch, and what it has done.
 *
 * @example
 * ```ts
 * for (const record of await gate.inventory()) console.log(record.name, record.owner, record.calls, record.denials);
 * ```
 */
export interface AgentRecord extends Omit<StoredAgent, "chain"> {
  /** Agent ids from the root agent down to this one (itself last). */
  readonly chain: readonly string[];
  /** Present while a suspension applies to the agent (its own, an ancestor's, or one of a name in its chain). */
  readonly suspended: Suspension | undefined;
  /**
   * Ids of the allow rules that can apply to this agent's name — what the policy grants it (for a delegate,
   * further narrowed by `delegatedTools` and its parent's grants).
   */
  readonly grants: readonly string[];
  /** Its live session grants (approvals that cover later calls for a while). */
  readonly sessionGrants: readonly SessionGrant[];
}
