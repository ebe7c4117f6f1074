import type { MeterProvider, TracerProvider } from "@opentelemetry/api";
import type { SessionGrant } from "../approval/grants.js";
import type { Approver } from "../approval/types.js";
import type { Agent, AgentOptions } from "../identity/agent.js";
import type { AgentRecord } from "../identity/inventory.js";
import type { Clock } from "../internal/clock.js";
import type { LedgerHead } from "../ledger/head.js";
import type { AuditKeyInput } from "../ledger/keys.js";
import type { LedgerProblem } from "../ledger/problem.js";
import type { LedgerSink } from "../ledger/sink.js";
import type { Anomaly } from "../monitor/anomaly.js";
import type { MonitorBaseline } from "../monitor/baseline.js";
import type { Stage } from "../pipeline/types.js";
import type { Decision, Mode } from "../policy/decision.js";
import type { Policy } from "../policy/policy.js";
import type { Duration } from "../policy/types.js";
import type { Redactor } from "../redact/index.js";
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
   * Where the gate's metrics go (`toolgate.calls`, `toolgate.decision.duration`, `toolgate.approval.duration`,
   * `toolgate.anomalies`, `toolgate.agent.suspended`). Defaults to the global provider of `@opentelemetry/api` as
   * it is at the gate's first call (register the SDK before that); with none registered, metrics cost next to nothing.
   */
  meterProvider?: MeterProvider;
  /**
   * `"shadow"`: every call of every agent is decided and recorded as what would have happened (span attributes
   * `toolgate.decision.shadow.*`, the ledger's `decision.shadow`, a metric attribute) and proceeds without asking
   * approvers. Suspension and invalid input are always enforced; limits still count. Default `"enforce"`.
   */
  mode?: Mode;
  /** The audit ledger and what it (and the spans) capture. */
  audit?: AuditOptions;
  /**
   * How long a rejected call is remembered: retrying the same call (same root agent, tool and input) within it
   * is refused without asking again. Default `"1h"`; `false` asks again every time.
   */
  rememberRejections?: Duration | false;
  /**
   * Told of every monitor hit (see the policy's `monitors`), after it is on the span and in the ledger and before
   * its action runs. What it throws or rejects with is contained: a warning, never the call's failure.
   */
  onAnomaly?: (anomaly: Anomaly) => void;
  /**
   * What agents did before (`await loadBaseline("audit.jsonl", { publicKey })`, or `baselineOf(...)`): `first-use`
   * and `sequence` monitors with `baseline: true` take it as known. Required when a monitor says `baseline: true`.
   */
  baseline?: MonitorBaseline;
  /** Bounds on what agent code can create. */
  caps?: {
    /** Live agents (delegates included) at once. Default 50,000. */
    agents?: number;
    /** Levels of delegation below a root agent. Default 8. */
    delegationDepth?: number;
    /** Distinct tool names the gate guards. Default 10,000. */
    tools?: number;
  };
}

/**
 * What a gate records. Without `sink` the hash chain lives in memory and on recording spans only; with one
 * (`auditFile({ path })`), every call writes a `begin` entry before its tool starts and an `end` after (or one
 * `refusal`), whatever tracing does, and a call whose `begin` cannot be written is refused (`AUDIT_UNAVAILABLE`).
 *
 * @example
 * ```ts
 * const key = generateAuditKey();
 * const audit: AuditOptions = { sink: auditFile({ path: "audit.jsonl" }), signingKey: key.privateKey, captureArguments: true };
 * ```
 */
export interface AuditOptions {
  sink?: LedgerSink;
  /** Ed25519 private key (see `generateAuditKey`): signed checkpoints make a rewritten chain detectable. */
  signingKey?: AuditKeyInput;
  /** A checkpoint after `every` entries (default 1,000), `interval` after the first uncovered one (default 1m), and at `gate.close()`. */
  checkpoint?: { every?: number; interval?: Duration };
  /** The chain's name in every entry; default: the sink's last writer, else a new random id. */
  writer?: string;
  /** Where contained ledger failures go (a failed write, a torn tail). Default: a process warning. */
  onProblem?: (problem: LedgerProblem) => void;
  /** Opt-in: the redacted arguments on the `begin` entry and the span (what `toolgate policy generate` reads). */
  captureArguments?: boolean;
  /** Opt-in: the redacted result on the `end` entry and the span. */
  captureResults?: boolean;
  /** Replaces the built-in redaction of captured values and of what approvers see. */
  redact?: Redactor;
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
  auditHead(): LedgerHead;
  /** Waits for every audit entry to be written and closes the ledger (a signed closing checkpoint with a key). */
  close(): Promise<void>;
  /** The live session grants (approvals that cover later calls for a while). */
  grants(): Promise<SessionGrant[]>;
  /** Revokes the session grants of an agent and its delegates (or of every agent of a name); returns how many. */
  revokeGrants(target: string | SuspensionTarget): Promise<number>;
}
