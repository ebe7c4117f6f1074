import { trace } from "@opentelemetry/api";
import { SessionGrants } from "./approval/grants.js";
import { startAttributes } from "./audit/attributes.js";
import { AuditChain } from "./audit/chain.js";
import { inSpan } from "./audit/span.js";
import { budgetsFor } from "./budgets.js";
import { checkCall } from "./check.js";
import { ToolgateError } from "./errors.js";
import type { Gate, GateOptions } from "./gate-api.js";
import { checkOptions, checkSameTool, newCall } from "./gate-checks.js";
import { type Agent, type AgentHost, parentOf } from "./identity/agent.js";
import { createAgent } from "./identity/create.js";
import { AgentRegistry } from "./identity/registry.js";
import { newCallId } from "./internal/ids.js";
import { approve } from "./pipeline/approve.js";
import { authorize } from "./pipeline/authorize.js";
import { compose } from "./pipeline/compose.js";
import { contain } from "./pipeline/contain.js";
import { execute } from "./pipeline/execute.js";
import { FlowTracker, flow } from "./pipeline/flow.js";
import { limit, RateLimiter } from "./pipeline/limit.js";
import { record } from "./pipeline/record.js";
import type { Stage, ToolCall } from "./pipeline/types.js";
import { userStage } from "./pipeline/user-stage.js";
import { validate } from "./pipeline/validate.js";
import { evaluateDelegated } from "./policy/delegation.js";
import { checkCallOptions } from "./tool/call-options.js";
import { defineTool } from "./tool/define.js";
import { createGuardedTool } from "./tool/guard.js";
import type { CallOptions } from "./tool/guarded.js";
import type { Tool } from "./tool/tool.js";
import { VERSION } from "./version.js";

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
        { compiled, registry, limiter, tracker, tools, grants },
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
