import type { Agent } from "../identity/agent.js";
import { getOrCreate } from "../internal/get-or-create.js";
import type { AdmissionPlan } from "../pipeline/admit.js";
import { argsHash } from "../pipeline/input.js";
import { shadowSettled } from "../pipeline/shadow.js";
import type { CallState } from "../pipeline/types.js";
import { verdict } from "../pipeline/verdict.js";
import type { CompiledFlow, CompiledPolicy, CompiledSelector } from "../policy/compiled.js";
import type { Decision } from "../policy/decision.js";
import { matchesAny } from "../policy/glob.js";
import { strictest } from "../policy/merge.js";
import type { FlowDraw, FlowMark, LimitDraw } from "../store/types.js";
import type { Tool } from "../tool/tool.js";

const selects = (selector: CompiledSelector, tool: Tool): boolean =>
  (selector.tools !== undefined && matchesAny(selector.tools, tool.name)) ||
  (selector.tags !== undefined && tool.tags.some((tag) => selector.tags?.has(tag)));

interface ToolFlows {
  readonly read: FlowDraw["read"];
  readonly mark: FlowDraw["mark"];
  readonly reading: readonly CompiledFlow[];
}

const NO_LIMITS: readonly LimitDraw[] = Object.freeze([]);

/**
 * The limits a call draws on: those whose agents match any member of its delegation chain, each once. A
 * budget is the root agent name's (shared by its instances and delegates) unless the limit is `per: instance`,
 * which narrows it to the matching member's id — so a delegate also spends its ancestors' budgets.
 */
export function limitDraws(compiled: CompiledPolicy, agent: Agent, tool: string): readonly LimitDraw[] {
  let draws = NO_LIMITS;
  for (const member of agent.members) {
    for (const limit of compiled.candidates(member.name, tool).limits) {
      const key = limit.per === "instance" ? member.id : "";
      if (draws.some((draw) => draw.id === limit.id && draw.key === key)) continue;
      draws = Object.freeze([...draws, Object.freeze({ id: limit.id, key, max: limit.max, windowMs: limit.windowMs })]);
    }
  }
  return draws;
}

/** Each leg's newest mark, or undefined while a leg is missing (a flow with no legs is always complete). */
function completed(flow: CompiledFlow, marks: Readonly<Record<string, FlowMark>>): FlowMark[] | undefined {
  const found: FlowMark[] = [];
  for (const leg of flow.legs) {
    let newest: FlowMark | undefined;
    for (const { key } of leg) {
      const mark = marks[key];
      if (mark && (!newest || mark.at > newest.at)) newest = mark;
    }
    if (!newest) return undefined;
    found.push(newest);
  }
  return found;
}

/** The decision a matched flow leads to, given the decision so far (both approvals are then required). */
function flowDecision(flow: CompiledFlow, after: FlowMark[], tool: Tool, current: Decision | undefined): Decision {
  const earlier = [...new Set(after.map((mark) => JSON.stringify(mark.tool)))].join(" and ");
  const reason = `flow "${flow.id}": "${tool.name}"${earlier === "" ? "" : ` after ${earlier}`}`;
  if (flow.effect === "deny") return { effect: "deny", rule: flow.id, reason: `${reason} is not allowed` };
  const own: Decision = {
    effect: "require_approval",
    rule: flow.id,
    reason: `${reason} needs approval`,
    approval: flow.approval,
  };
  return current ? strictest(current, own) : own;
}

/** How the gate's admission step reads the compiled policy: limit draws, flow draws, flow decisions. */
export function admissionPlan(compiled: CompiledPolicy, local: boolean): AdmissionPlan {
  // Flows depend on the tool only: found once per tool. Limit draws are looked up once per guard (its plan) or
  // per call (a dry run), so nothing here grows with the agent × tool pairs seen.
  const byTool = new WeakMap<Tool, ToolFlows>();
  const flowsOf = (tool: Tool): ToolFlows =>
    getOrCreate(byTool, tool, () => {
      const reading = compiled.flows.filter((flow) => selects(flow.then, tool));
      const read = reading.flatMap((flow) =>
        flow.marks.map(({ key }) => ({ id: key, scope: flow.scope, windowMs: flow.windowMs })),
      );
      const mark = compiled.flows.flatMap((flow) =>
        flow.marks
          .filter(({ selector }) => selects(selector, tool))
          .map(({ key }) => ({ id: key, windowMs: flow.windowMs })),
      );
      return { read, mark, reading };
    });
  return {
    request(call: CallState) {
      const { agent, tool } = call;
      const flows = flowsOf(tool);
      const mayAsk =
        call.decision?.effect === "require_approval" ||
        flows.reading.some((flow) => flow.effect === "require_approval");
      // A shadow call the policy would have refused is not counted, as enforcement would not have counted it.
      // A guarded call's draws were looked up by its guard (they depend on its agent and tool alone).
      const limits = shadowSettled(call) ? NO_LIMITS : (call.plan?.limits ?? limitDraws(compiled, agent, tool.name));
      // A flow with no legs reads no mark, yet decides: the admission step must still run for it.
      if (local && !mayAsk && limits.length === 0 && flows.reading.length === 0 && flows.mark.length === 0)
        return undefined;
      return {
        ticket: call.ticket,
        root: agent.rootKey,
        chain: agent.members,
        dryRun: call.dryRun,
        limits,
        flows:
          flows.read.length === 0 && flows.mark.length === 0
            ? undefined
            : { conversation: call.conversationId, tool: tool.name, read: flows.read, mark: flows.mark },
        approval: mayAsk ? { agentId: agent.id, tool: tool.name, argsHash: argsHash(call) } : undefined,
      };
    },
    decide(call: CallState, marks: Readonly<Record<string, FlowMark>>) {
      if (shadowSettled(call)) return;
      let decision = call.decision;
      for (const flow of flowsOf(call.tool).reading) {
        const after = completed(flow, marks);
        if (!after) continue;
        decision = flowDecision(flow, after, call.tool, decision);
        if (decision.effect === "deny") {
          // In shadow mode a would-be refusal; the call's own marks were made at admission all the same.
          return verdict(call, "TOOL_DENIED", decision, "This sequence of calls is blocked by policy; do not retry.");
        }
      }
      call.decision = decision;
    },
  };
}
