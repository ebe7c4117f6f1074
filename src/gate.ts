import { type Span, type TracerProvider, trace } from "@opentelemetry/api";
import { type SessionGrant, SessionGrants } from "./approval/grants.js";
import type { Approver } from "./approval/types.js";
import { startAttributes } from "./audit/attributes.js";
import { AuditChain, type AuditHead } from "./audit/chain.js";
import type { Redactor } from "./audit/redact.js";
import { inSpan } from "./audit/span.js";
import { budgetsFor } from "./budgets.js";
import { checkCall } from "./check.js";
import { ToolgateError } from "./errors.js";
import { type Agent, type AgentHost, type AgentOptions, parentOf } from "./identity/agent.js";
import { createAgent } from "./identity/create.js";
import type { AgentRecord } from "./identity/inventory.js";
import { AgentRegistry } from "./identity/registry.js";
import { newCallId } from "./internal/ids.js";
import { approve } from "./pipeline/approve.js";
import { authorize } from "./pipeline/authorize.js";
import { compose } from "./pipeline/compose.js";
import { contain } from "./pipeline/contain.js";
import { execute } from "./pipeline/execute.js";
import { FlowTracker, flow } from "./pipeline/flow.js";
import { limit, RateLimiter } from "./pipeline/limit.js";
import { type AuditSink, record } from "./pipeline/record.js";
import type { Stage, ToolCall } from "./pipeline/types.js";
import { userStage } from "./pipeline/user-stage.js";
import { validate } from "./pipeline/validate.js";
import type { Decision } from "./policy/decision.js";
import { evaluateDelegated } from "./policy/delegation.js";
import { Policy } from "./policy/policy.js";
import { checkCallOptions } from "./tool/call-options.js";
import { defineTool } from "./tool/define.js";
import { createGuardedTool } from "./tool/guard.js";
import type { CallOptions } from "./tool/guarded.js";
import type { Tool } from "./tool/tool.js";
import { VERSION } from "./version.js";

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

function checkOptions(options: GateOptions): Map<string, Approver> {
  if (typeof options !== "object" || options === null || !(options.policy instanceof Policy)) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: "createGate: `policy` must come from definePolicy() or loadPolicy().",
    });
  }
  const approvers = new Map<string, Approver>();
  for (const [name, approver] of Object.entries(options.approvers ?? {})) {
    if (typeof approver !== "function") {
      throw new ToolgateError({
        code: "INVALID_ARGUMENT",
        message: `createGate: approver "${name}" must be a function.`,
      });
    }
    approvers.set(name, approver);
  }
  const missing = options.policy.approvers.filter((name) => !approvers.has(name));
  if (missing.length > 0) {
    throw new ToolgateError({
      code: "INVALID_POLICY",
      message: `The policy names approver(s) ${missing.map((n) => `"${n}"`).join(", ")} that this gate lacks; register them in createGate({ approvers }).`,
    });
  }
  return approvers;
}

// One object literal per call, in one shape: the hot path allocates nothing else for it.
function newCall(
  agent: Agent,
  tool: Tool,
  input: unknown,
  callId: string,
  conversationId: string | undefined,
  signal: AbortSignal,
  span: Span,
): ToolCall {
  return {
    agent,
    tool,
    input,
    rawInput: input,
    callId,
    conversationId,
    signal,
    span,
    decision: undefined,
    executed: false,
  };
}

// One name, one tool per gate: the policy, gate.check and the audit trail know a tool by its name.
function checkSameTool(existing: Tool | undefined, tool: Tool): void {
  if (!existing || existing === tool) return;
  const differs = existing.risk !== tool.risk ? "risk" : undefined;
  const tagsDiffer = existing.tags.join("\u0000") !== tool.tags.join("\u0000");
  if (!differs && !tagsDiffer) return;
  throw new ToolgateError({
    code: "INVALID_ARGUMENT",
    message: `A different tool named "${tool.name}" is already guarded by this gate (its ${differs ?? "tags"} differ); give each tool a unique name.`,
    tool: tool.name,
  });
}

/**
 * Creates a gate. The policy is checked against the approvers here, not at the first call.
 *
 * @example
 * ```ts
 * const gate = createGate({
 *   policy,
 *   approvers: { owner: async (request) => ({ approved: true, by: "alice@example.com" }) },
 * });
 * ```
 */
export function createGate(options: GateOptions): Gate {
  const approvers = checkOptions(options);
  const { policy } = options;
  const compiled = policy.compiled;
  const tracer = (options.tracerProvider ?? trace).getTracer("toolgate", VERSION);
  const registry = new AgentRegistry();
  const limiter = new RateLimiter();
  const tracker = new FlowTracker();
  const grants = new SessionGrants();
  const chain = new AuditChain();
  const tools = new Map<string, Tool>();
  const userStages: Stage[] = [];
  const builtIn = {
    record: record({
      chain,
      onEnding: (call, ending) => registry.noteEnding(call.agent, ending),
      captureArguments: options.audit?.captureArguments,
      captureResults: options.audit?.captureResults,
      redact: options.audit?.redact,
      onEntry: options.audit?.onEntry,
    }),
    contain: contain({ suspension: (agent) => registry.suspension(agent) }),
    validate: validate(),
    authorize: authorize({
      decide: (call: ToolCall) =>
        evaluateDelegated(compiled, call.agent, parentOf, call.tool.name, call.tool.risk, call.input),
    }),
    limit: limit({ limiter, budgets: (call) => budgetsFor(compiled, call.agent, call.tool.name) }),
    flow: flow({ tracker, flows: () => compiled.flows }),
    approve: approve({ approvers, grants, redact: options.audit?.redact }),
    execute: execute(),
  };
  const build = () =>
    compose([
      ...[builtIn.record, builtIn.contain, builtIn.validate, ...userStages],
      ...[builtIn.authorize, builtIn.limit, builtIn.flow, builtIn.approve, builtIn.execute],
    ]);
  let pipeline = build();

  const run = (agent: Agent, tool: Tool, input: unknown, callOptions: CallOptions | undefined): Promise<unknown> => {
    try {
      checkCallOptions(tool.name, agent.id, callOptions);
    } catch (error) {
      return Promise.reject(error);
    }
    const callId = callOptions?.callId ?? newCallId();
    const conversationId = callOptions?.conversationId;
    const contained = registry.signal(agent);
    const signal = callOptions?.signal ? AbortSignal.any([callOptions.signal, contained]) : contained;
    const attributes = startAttributes(agent, tool, callId, conversationId);
    return inSpan(tracer, `execute_tool ${tool.name}`, attributes, (span) =>
      pipeline(newCall(agent, tool, input, callId, conversationId, signal, span)),
    );
  };

  const host: AgentHost = {
    guard(agent, tool) {
      const checked = defineTool(tool);
      checkSameTool(tools.get(checked.name), checked);
      tools.set(checked.name, checked);
      registry.noteTool(agent, checked.name);
      return createGuardedTool(checked, agent.id, (t, input, callOptions) => run(agent, t, input, callOptions));
    },
    delegate: (parent, delegateOptions) => createAgent("agent.delegate", delegateOptions, host, registry, parent),
  };

  const gate: Gate = {
    policy,
    agent: (agentOptions) => createAgent("gate.agent", agentOptions, host, registry),
    use(stage) {
      if (typeof stage !== "function") {
        throw new ToolgateError({
          code: "INVALID_ARGUMENT",
          message: "gate.use: a stage must be a function (call, next) => Promise.",
        });
      }
      userStages.push(userStage(stage, userStages.length));
      pipeline = build();
      return gate;
    },
    inventory: () => {
      const live = grants.list(Date.now());
      return registry.inventory().map((record) => ({
        ...record,
        grants: compiled.grantsFor(record.name),
        sessionGrants: live.filter((grant) => grant.agentId === record.id),
      }));
    },
    owns: (agent) => registry.owns(agent),
    check: (agent, tool, input, checkOptions) =>
      checkCall(
        { compiled, registry, limiter, tracker, approvers, tools, grants },
        agent,
        tool,
        input,
        checkOptions?.conversationId,
      ),
    suspend(agentId, reason) {
      if (typeof reason !== "string" || reason.trim() === "") {
        throw new ToolgateError({
          code: "INVALID_ARGUMENT",
          message: "gate.suspend: give a reason; it is recorded for the audit.",
        });
      }
      registry.suspend(agentId, reason);
      grants.revoke(registry.lineage(agentId));
    },
    resume: (agentId) => registry.resume(agentId),
    auditHead: () => chain.head,
    grants: () => grants.list(Date.now()),
    revokeGrants: (agentId) => grants.revoke(registry.lineage(agentId)),
  };
  return gate;
}
