import type { SessionGrant } from "../approval/grants.js";
import type { AgentIdentity } from "../tool/tool.js";

/**
 * One agent as `gate.inventory()` reports it: who it is, what it may touch, and what it has done.
 *
 * @example
 * ```ts
 * for (const record of gate.inventory()) console.log(record.name, record.owner, record.calls, record.denials);
 * ```
 */
export interface AgentRecord extends AgentIdentity {
  /** For a delegate: the tool globs it was limited to. */
  readonly delegatedTools: readonly string[] | undefined;
  /** Names of the tools guarded for this agent. */
  readonly tools: readonly string[];
  readonly createdAt: string;
  /** Calls attempted, and how they ended. */
  readonly calls: number;
  readonly allowed: number;
  readonly denials: number;
  readonly failures: number;
  /** ISO time of the last call, if any. */
  readonly lastActivity: string | undefined;
  /** Present while the agent (or an ancestor) is suspended. */
  readonly suspended: { readonly reason: string; readonly at: string; readonly by: string } | undefined;
  /**
   * Ids of the allow rules that can apply to this agent's name — what the policy grants it (for a delegate,
   * further narrowed by `delegatedTools` and its parent's grants).
   */
  readonly grants: readonly string[];
  /** Its live session grants (approvals that cover later calls for a while). */
  readonly sessionGrants: readonly SessionGrant[];
}

/** @internal How a call ended, for the counters. */
export type CallEnding = "allowed" | "denied" | "failed";
