import { type Clock, systemClock } from "../../internal/clock.js";
import type { Admission, AdmitRequest, Settlement, Store } from "../types.js";
import { MemoryAgents } from "./agents.js";
import { MemoryApprovals } from "./approvals.js";
import { MemoryFlows } from "./flows.js";
import { MemoryGrants } from "./grants.js";
import { MemoryLimits } from "./limits.js";
import { MemoryMonitors } from "./monitors.js";
import { MemoryOnce } from "./once.js";
import { MemorySuspensions } from "./suspensions.js";

/**
 * Options of {@link memoryStore}. The caps bound memory whatever agents do.
 *
 * @example
 * ```ts
 * const options: MemoryStoreOptions = { maxConversationsPerAgent: 500 };
 * ```
 */
export interface MemoryStoreOptions {
  /** Durations are measured on it (monotonic); inject one in tests. Defaults to the process clock. */
  clock?: Clock;
  /** Conversations with flow marks kept per root agent name; older ones fold into agent-wide marks. Default 1,000. */
  maxConversationsPerAgent?: number;
  /** Approval requests waiting at once. Default 10,000. */
  maxPendingApprovals?: number;
  /**
   * Remembered rejections per root agent name (a retry of a rejected call is refused without asking); past it the
   * agent is asked nothing until some expire. Default 1,000.
   */
  maxRememberedDenials?: number;
  /** Retired agents kept as inventory history. Default 10,000. */
  maxRetiredAgents?: number;
}

/**
 * The default store: every piece of gate state in this process, answered synchronously. One gate per
 * process, or several gates sharing one store to share limits, suspensions and the inventory.
 *
 * @example
 * ```ts
 * const store = memoryStore();
 * const gate = createGate({ policy, store });
 * ```
 */
export function memoryStore(options: MemoryStoreOptions = {}): Store {
  const clock = options.clock ?? systemClock;
  const limits = new MemoryLimits();
  const flows = new MemoryFlows(options.maxConversationsPerAgent ?? 1_000);
  const suspensions = new MemorySuspensions(clock);
  const grants = new MemoryGrants(clock);
  const approvals = new MemoryApprovals(clock, {
    maxPending: options.maxPendingApprovals ?? 10_000,
    maxDenials: options.maxRememberedDenials ?? 1_000,
  });
  const agents = new MemoryAgents(clock, options.maxRetiredAgents ?? 10_000);
  return {
    local: true,
    admit(request: AdmitRequest): Admission {
      const suspension = suspensions.find(request.chain);
      if (suspension) return { status: "suspended", suspension };
      const now = clock.now();
      const exceeded = limits.exceeded(request.root, request.limits, now);
      if (exceeded) return { status: "limited", ...exceeded };
      const { flows: flowDraw, approval } = request;
      const marks = flowDraw ? flows.read(request.root, flowDraw, now) : NO_MARKS;
      if (!request.dryRun) {
        limits.take(request.root, request.limits, now);
        if (flowDraw) flows.mark(request.root, request.ticket, flowDraw, now);
      }
      if (!approval)
        return marks === NO_MARKS ? NOTHING_READ : { status: "admitted", marks, grants: NO_GRANTS, denial: undefined };
      return {
        status: "admitted",
        marks,
        grants: grants.live(approval.agentId, approval.tool, now),
        denial: approvals.denial(request.root, approval.tool, approval.argsHash, now),
      };
    },
    settle(settlement: Settlement): void {
      const now = clock.now(); // read once: the flow marks and the agent's last activity share it
      flows.settle(settlement.root, settlement.ticket, settlement.started, now);
      agents.count(settlement, now);
    },
    suspensions,
    grants,
    approvals,
    agents,
    monitors: new MemoryMonitors(clock),
    once: new MemoryOnce(clock),
    close: () => Promise.resolve(),
  };
}

const NO_MARKS = Object.freeze({});
const NO_GRANTS = Object.freeze([]);
const NOTHING_READ: Admission = Object.freeze({
  status: "admitted",
  marks: NO_MARKS,
  grants: NO_GRANTS,
  denial: undefined,
});
