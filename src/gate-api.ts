import type { TracerProvider } from "@opentelemetry/api";
import type { SessionGrant } from "./approval/grants.js";
import type { Approver } from "./approval/types.js";
import type { AuditHead } from "./audit/chain.js";
import type { Agent, AgentOptions } from "./identity/agent.js";
import type { AgentRecord } from "./identity/inventory.js";
import type { AuditSink } from "./pipeline/record.js";
import type { Stage } from "./pipeline/types.js";
import type { Decision } from "./policy/decision.js";
import type { Policy } from "./policy/policy.js";
import type { Redactor } from "./redact/index.js";
import type { Tool } from "./tool/tool.js";

/**
 * What `createGate` takes.
 *
 * @example
 * ```ts
 * const options: GateOptions = { policy, approvers: { owner: consoleApprover() } };
 * ```
 */
export interface GateOptions {
  policy: Policy;
  /** Approvers by the names the policy uses; a policy naming one that is missing is rejected. */
  approvers?: Record<string, Approver>;
  /** Defaults to the global provider of `@opentelemetry/api` (a no-op until the application registers one). */
  tracerProvider?: TracerProvider;
  /**
   * Opt-in capture of arguments and results on spans, always redacted; `redact` replaces the built-in
   * redaction there and in what approvers see.
   */
  audit?: { captureArguments?: boolean; captureResults?: boolean; redact?: Redactor; onEntry?: AuditSink };
}

/**
 * A gate: the policy, the approvers, the agents and the pipeline every guarded call goes through.
 *
 * @example
 * ```ts
 * const gate = createGate({ policy });
 * const agent = gate.agent({ name: "support-bot", owner: "team-support" });
 * ```
 */
export interface Gate {
  readonly policy: Policy;
  /** Registers a new agent identity. */
  agent(options: AgentOptions): Agent;
  /**
   * Adds a stage, run after validation and before the policy, so the policy, limits, flows and approvers
   * all decide on the input your stages leave. A stage refuses by throwing (recorded with rule
   * `stage:<function name>`); code after `await next()` sees the decision and the result. Returns the gate.
   */
  use(stage: Stage): Gate;
  /** True when the agent was made by this gate (not merely one with the same id). */
  owns(agent: Agent): boolean;
  /** Every agent: identity, delegation, tools, counters, last activity, suspension. */
  inventory(): AgentRecord[];
  /** A dry run of the whole decision; never runs the tool, never asks an approver, consumes no limit. */
  check(agent: Agent, tool: string | Tool, input?: unknown, options?: { conversationId?: string }): Decision;
  /**
   * Containment: every call of the agent and its delegates is refused, running calls and pending approvals
   * are aborted, and their session grants are revoked.
   */
  suspend(agentId: string, reason: string): void;
  resume(agentId: string): void;
  /** The newest link of the audit chain; anchor it outside the agent's reach to detect a truncated tail. */
  auditHead(): AuditHead;
  /** The live session grants (approvals that cover later calls for a while). */
  grants(): SessionGrant[];
  /** Revokes the session grants of an agent and its delegates; returns how many. */
  revokeGrants(agentId: string): number;
}
