import { trace } from "@opentelemetry/api";
import { ToolgateError } from "../errors.js";
import type { Agent, AgentHost } from "../identity/agent.js";
import { createAgent } from "../identity/create.js";
import { AgentRegistry } from "../identity/registry.js";
import { GateMetrics } from "../metrics/gate-metrics.js";
import type { AnomalyListener } from "../monitor/anomaly.js";
import { compileMonitors } from "../monitor/compile.js";
import { checkMonitoring, monitoring } from "../monitor/monitoring.js";
import { admit } from "../pipeline/admit.js";
import { approve } from "../pipeline/approve.js";
import { attester } from "../pipeline/attest.js";
import { authorize } from "../pipeline/authorize.js";
import { begin } from "../pipeline/begin.js";
import { composeForPlans } from "../pipeline/compose.js";
import { contain } from "../pipeline/contain.js";
import { execute } from "../pipeline/execute.js";
import { record } from "../pipeline/record.js";
import type { CallState, Step } from "../pipeline/types.js";
import { userStage } from "../pipeline/user-stage.js";
import { validate } from "../pipeline/validate.js";
import type { PreparedInput } from "../policy/prepared.js";
import { defineTool } from "../tool/define.js";
import { createGuardedTool } from "../tool/guard.js";
import type { Tool } from "../tool/tool.js";
import { VERSION } from "../version.js";
import { admissionPlan } from "./admission-plan.js";
import { auditOf } from "./audit.js";
import { dryRun } from "./check.js";
import { containment } from "./containment.js";
import { decisionPolicies } from "./decision-policies.js";
import { deciderOf, GuardPlan } from "./guard-plan.js";
import { inventoryOf } from "./inventory.js";
import { checkOptions, checkSameTool, tooManyTools } from "./options.js";
import { outsideRecorder } from "./outside-record.js";
import { bindOutsideRefusals } from "./outside-refusal.js";
import { outsideSettler } from "./outside-settle.js";
import { recordReveal } from "./reveal.js";
import { callRunner } from "./run.js";
import { settingsOf } from "./settings.js";
import { settle } from "./settle.js";
import type { Gate, GateOptions } from "./types.js";

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
  const settings = settingsOf(options);
  const { store, clock } = settings;
  const { policy } = options;
  const { enforced: compiled, asWritten } = decisionPolicies(policy);
  const tracer = (options.tracerProvider ?? trace).getTracer("toolgate", VERSION);
  const registry = new AgentRegistry(store.agents, settings.maxAgents);
  const metrics = new GateMetrics(settings.meterProvider, clock, {
    agents: () => registry.agents(),
    find: (members) => store.suspensions.find(members),
  });
  const gateShadow = settings.mode === "shadow";
  const shadowBy = (agent: Agent) => (gateShadow ? "gate" : agent.mode === "shadow" ? "agent" : undefined);
  const policies = { enforced: compiled, asWritten };
  // A guarded call decides from what its guard looked up once; a dry run looks up for itself.
  const decideEnforced = (call: CallState, prepared: PreparedInput | undefined) =>
    (call.plan ? call.plan.enforced : deciderOf(compiled, call.agent, call.tool))(call.input, prepared);
  const decideAsWritten =
    asWritten &&
    ((call: CallState, prepared: PreparedInput | undefined) =>
      (call.plan?.asWritten ?? deciderOf(asWritten, call.agent, call.tool))(call.input, prepared));
  const audit = auditOf(options);
  const contained = containment(store, registry, audit.ledger);
  const tools = new Map<string, Tool>();
  const userStages: Step[] = [];
  const monitors = compileMonitors(policy.definition);
  const baseline = checkMonitoring({ monitors, store }, options.baseline, options.onAnomaly);
  // Every anomaly goes to the host's hook, then to the anomaly counter.
  const anomalyListeners: AnomalyListener[] = options.onAnomaly
    ? [options.onAnomaly, metrics.anomaly]
    : [metrics.anomaly];
  const monitored = monitoring({
    ...{ monitors, store, audit, clock, baseline, listeners: anomalyListeners, suspend: contained.suspend },
    suspended: (members) => store.suspensions.find(members),
    // In shadow mode a monitor records what it would have done, and does nothing.
    shadow: (call) => call.shadow,
  });
  const head = [
    record({
      audit,
      onEnding: (call, outcome) => {
        settle(store, call, outcome, monitored?.settle);
        metrics.callEnded(call, outcome);
      },
    }),
    contain({ suspension: (members) => store.suspensions.find(members) }),
    validate(),
  ];
  const admitting = admit({ store, plan: admissionPlan(compiled, store.local) });
  const approving = approve({
    approvers,
    store,
    clock,
    rememberDenialsMs: settings.rememberRejectionsMs,
    redact: audit.redact,
    onReveal: (call, request, spot) => recordReveal(audit, call, request, spot),
    onApprovalEnded: (outcome, latencyMs) => metrics.approvalEnded(outcome, latencyMs),
  });
  // Stages that have nothing to do for a guard whose calls the policy alone decides (see `GuardPlan.policyAlone`).
  const idle = new Set<Step>([admitting, approving]);
  const gateAlone = store.local && asWritten === undefined && !monitored && compiled.flows.length === 0;
  const tail = [
    authorize({
      decide: decideEnforced,
      decideAsWritten,
      // The policy as written reads every path the enforced rules read, and those of its shadow rules.
      prepare: (asWritten ?? compiled).needsRealpath ? (asWritten ?? compiled).prepare : undefined,
    }),
    ...(monitored ? [monitored.stage] : []),
    admitting,
    approving,
    begin(audit),
    execute({ attest: attester(options.audit?.signingKey) }),
  ];
  let pipeline = composeForPlans([...head, ...tail], idle);
  const settleOutside = outsideSettler({ store, tools, metrics, monitors: monitored?.settle, shadowBy });
  const refusedOutside = outsideRecorder(tracer, audit, settleOutside);
  const run = callRunner({
    ...{ tracer, registry, ledger: audit.ledger, pipeline: (call: CallState) => pipeline(call) },
    ...{ shadowBy, startedAt: () => metrics.startedAt(), refusedOutside },
  });

  const host: AgentHost = {
    guard(agent, tool) {
      const checked = defineTool(tool);
      const known = tools.get(checked.name);
      checkSameTool(known, checked);
      if (known === undefined && tools.size >= settings.maxTools) throw tooManyTools(settings.maxTools, checked.name);
      tools.set(checked.name, checked);
      registry.noteTool(agent, checked.name);
      const plan = new GuardPlan(policies, agent, checked, gateAlone);
      return createGuardedTool(checked, agent.id, (exec, input, callOptions) =>
        run(agent, checked, exec, plan, input, callOptions),
      );
    },
    delegate: (parent, delegateOptions) => add(createAgent("agent.delegate", delegateOptions, host, caps, parent)),
    retire: (agent) => registry.retire(agent),
  };
  const caps = { maxDelegationDepth: settings.maxDelegationDepth };
  const add = (agent: Agent) => {
    registry.add(agent, clock.wall());
    bindOutsideRefusals(agent, refusedOutside);
    return agent;
  };

  const gate: Gate = {
    policy,
    store,
    agent: (agentOptions) => add(createAgent("gate.agent", agentOptions, host, caps)),
    use(stage) {
      if (typeof stage !== "function") {
        throw new ToolgateError({
          code: "INVALID_ARGUMENT",
          message: "gate.use: a stage must be a function (call, next) => Promise.",
        });
      }
      userStages.push(userStage(stage, userStages.length));
      pipeline = composeForPlans([...head, ...userStages, ...tail], idle);
      return gate;
    },
    inventory: () => inventoryOf(store, compiled),
    owns: (agent) => registry.owns(agent),
    check: (agent, tool, input, checkOptions) =>
      dryRun({ registry, tools, shadowBy, pipeline: (call) => pipeline(call) }, agent, tool, input, checkOptions),
    suspend: contained.suspend,
    resume: contained.resume,
    auditHead: () => audit.ledger.head,
    close: async () => {
      metrics.close();
      await audit.ledger.close();
    },
    grants: async () =>
      (await store.grants.list()).map(({ id, agentId, tool, rule, by, expiresAt }) => ({
        id,
        agentId,
        tool,
        rule,
        by,
        expiresAt,
      })),
    revokeGrants: contained.revokeGrants,
  };
  bindOutsideRefusals(gate, refusedOutside);
  return gate;
}
