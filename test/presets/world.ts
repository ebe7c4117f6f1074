// A gate with the three presets merged into a broad grant (every agent, every tool: the presets are all that
// protects), and with `monitors: true` the sane monitors too; a security approver that records every request,
// the anomalies the monitors report, and tools that record every run.
import { z } from "zod";
import {
  type Agent,
  type Anomaly,
  type ApprovalRequest,
  type Approver,
  createGate,
  definePolicy,
  defineTool,
  isToolgateError,
  presets,
  type Tool,
  withPresets,
} from "../../src/index.js";
import { manualClock } from "../helpers.js";

export const WIPE_RULES = ["audit-trail.by-name", "audit-trail.tagged", "seed-chain.no-cover-up"];

export interface Outcome {
  readonly tool: string;
  /** `ran`, or the refusal's code. */
  readonly outcome: string;
  readonly rule: string | undefined;
}

// Compiled once: a policy is immutable, and every world gets a gate (and state) of its own.
const GRANT = {
  rules: [{ id: "work", tools: ["*"], effect: "allow" as const }],
  approval: { approvers: ["security"] },
};
const CHAIN = [presets.seedChain, presets.trifecta, presets.auditTrail];
const POLICY = definePolicy(withPresets(GRANT, ...CHAIN));
const MONITORED = definePolicy(withPresets(GRANT, ...CHAIN, presets.saneMonitors));

export function world(options: { approve?: boolean; monitors?: boolean } = {}) {
  const clock = manualClock();
  const asked: ApprovalRequest[] = [];
  const security: Approver = async (request) => {
    asked.push(request);
    return { approved: options.approve === true, by: "security@example.com", reason: "not after untrusted input" };
  };
  const anomalies: Anomaly[] = [];
  const gate = createGate({
    policy: options.monitors ? MONITORED : POLICY,
    approvers: { security },
    clock,
    onAnomaly: (anomaly) => void anomalies.push(anomaly),
  });
  const ran: string[] = [];
  const tool = (name: string, tags: string[] = [], run?: () => Promise<void>): Tool =>
    defineTool({
      name,
      input: z.object({ note: z.string().optional() }),
      tags,
      execute: async () => {
        await run?.();
        ran.push(name);
        return { ok: true };
      },
    });
  const outcomes: Outcome[] = [];
  /** One call: the outcome is recorded, never thrown. */
  const call = async (agent: Agent, used: Tool, conversationId?: string, note?: string): Promise<Outcome> => {
    const result = await agent.guard(used).safeCall({ note }, { conversationId });
    const outcome = result.ok
      ? { tool: used.name, outcome: "ran", rule: undefined }
      : {
          tool: used.name,
          outcome: isToolgateError(result.error) ? result.error.code : "thrown",
          rule: isToolgateError(result.error) ? result.error.decision?.rule : undefined,
        };
    outcomes.push(outcome);
    return outcome;
  };
  const agent = (name = "support-bot") => gate.agent({ name, owner: "team-support" });
  return { gate, clock, asked, anomalies, ran, tool, call, agent, outcomes };
}

export type World = ReturnType<typeof world>;

/** The tools of the seed's chain, with their conventional tags. */
export function seedTools(w: World) {
  return {
    readMail: w.tool("email.read", ["untrusted", "sensitive"]),
    extract: w.tool("files.extract", ["sensitive"]),
    deploy: w.tool("deploy.release", ["deploy"]),
    wipe: w.tool("logs.delete", ["audit-tamper"]),
  };
}
