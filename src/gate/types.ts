import type { TracerProvider } from "@opentelemetry/api";
import type { SessionGrant } from "../approval/grants.js";
import type { Approver } from "../approval/types.js";
import type { AuditHead } from "../audit/chain.js";
import type { Redactor } from "../audit/redact.js";
import type { Agent, AgentOptions } from "../identity/agent.js";
import type { AgentRecord } from "../identity/inventory.js";
import type { Clock } from "../internal/clock.js";
import type { AuditSink } from "../pipeline/record.js";
import type { Stage } from "../pipeline/types.js";
import type { Decision } from "../policy/decision.js";
import type { Policy } from "../policy/policy.js";
import type { Duration } from "../policy/types.js";
import type { Store, SuspensionTarget } from "../store/types.js";
import type { Tool } from "../tool/tool.js";

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
  /** Where limits, flow marks, suspensions, grants, approvals and the registry live. Defaults to `memoryStore()`. */
  store?: Store;
  /** Durations are measured on it (monotonic). Defaults to the process clock; inject one in tests. */
  clock?: Clock;
  /** Defaults to the global provider of `@opentelemetry/api` (a no-op until the application registers one). */
  tracerProvider?: TracerProvider;
  /**
   * Opt-in capture of arguments and results on spans, always redacted; `redact` replaces the built-in
   * redaction there and in what approvers see.
   */
  audit?: { captureArguments?: boolean; captureResults?: boolean; redact?: Redactor; onEntry?: AuditSink };
  /**
   * How long a rejected call is remembered: retrying the same call (same root agent, tool and input) within it
   * is refused without asking again. Default `"1h"`; `false` asks again every time.
   */
  rememberRejections?: Duration | false;
  /** Bounds on what agent code can create. */
  caps?: {
    /** Live agents (delegates included) at once. Default 50,000. */
    agents?: number;
    /** Levels of delegation below a root agent. Default 8. */
    delegationDepth?: number;
  };
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
  /** The store this gate keeps its state in (share it with `queueApprover({ store })`, say). */
  readonly store: Store;
  /** Registers a new agent identity. */
  agent(options: AgentOptions): Agent;
  /**
   * Adds a stage, run after validation and before the policy, so the policy, limits, flows and approvers
   * all decide on the input your stages leave. A stage sees the call read-only, refuses by throwing (recorded
   * with rule `stage:<function name>`), and can replace the input only with `next({ input })`; code after
   * `await next()` sees the decision and the result. Returns the gate.
   */
  use(stage: Stage): Gate;
  /** True when the agent was made by this gate and is live (not merely one with the same id). */
  owns(agent: Agent): boolean;
  /** Every agent the store knows (organisation-wide with a shared store): identity, tools, counters, grants, suspension. */
  inventory(): Promise<AgentRecord[]>;
  /**
   * A dry run of the whole pipeline — suspension, validation, your stages (`call.dryRun` is true), policy,
   * delegation, limits without consuming them, flows, approval need, session grants — on the input as given.
   * Never runs the tool, never asks an approver, records nothing.
   */
  check(agent: Agent, tool: string | Tool, input?: unknown, options?: { conversationId?: string }): Promise<Decision>;
  /**
   * Containment: every call of the agent (an id: that instance and its delegates; `{ name }`: every instance of
   * the name, on every replica sharing the store) is refused, running calls and pending approvals are aborted,
   * and their session grants are revoked. Takes effect in this process before the promise settles.
   */
  suspend(target: string | SuspensionTarget, reason: string): Promise<void>;
  /** Lifts the suspension of exactly this target (an id, or `{ name }`). */
  resume(target: string | SuspensionTarget): Promise<void>;
  /** The newest link of the audit chain; anchor it outside the agent's reach to detect a truncated tail. */
  auditHead(): AuditHead;
  /** The live session grants (approvals that cover later calls for a while). */
  grants(): Promise<SessionGrant[]>;
  /** Revokes the session grants of an agent and its delegates (or of every agent of a name); returns how many. */
  revokeGrants(target: string | SuspensionTarget): Promise<number>;
}
