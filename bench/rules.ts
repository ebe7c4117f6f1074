import type { RuleDefinition } from "../src/index.js";

/** One request both engines decide, and the rule id that must decide it. */
export interface Probe {
  readonly label: string;
  readonly agent: string;
  readonly tool: string;
  readonly input: Record<string, unknown>;
  readonly expectedRule: string;
  readonly expectedEffect: "allow" | "deny";
}

/** A generated policy in both languages, with the requests that exercise it. */
export interface GeneratedPolicy {
  readonly size: number;
  readonly rules: RuleDefinition[];
  /** Cedar policies keyed by the same ids as the toolgate rules. */
  readonly cedar: Record<string, string>;
  readonly hit: Probe;
  readonly miss: Probe;
}

// Rules that every size shares: a team-wide read grant (agent glob) and a global deny (tool glob with no prefix).
const SHARED_RULES = 2;

function sharedRules(): { rules: RuleDefinition[]; cedar: Record<string, string> } {
  return {
    rules: [
      { id: "team-read", agents: ["agent-*"], tools: ["*.read"], effect: "allow" },
      { id: "never-drop", tools: ["*.drop*"], effect: "deny" },
    ],
    cedar: {
      "team-read": `permit (principal, action == Action::"call", resource)
  when { context.agent like "agent-*" && context.tool like "*.read" };`,
      "never-drop": `forbid (principal, action, resource) when { context.tool like "*.drop*" };`,
    },
  };
}

/**
 * Rule `i` of a generated policy, in one of four realistic shapes (cycling by `i % 10`):
 * a service grant (`svc-i.*`), a conditional refund grant, a deny on an admin namespace for everyone,
 * and a conditional deny on writes to a sensitive table.
 */
function rule(i: number): { rule: RuleDefinition; cedar: string } {
  const id = `r-${i}`;
  const agent = `agent-${i}`;
  const kind = i % 10;
  if (kind <= 5) {
    return {
      rule: { id, agents: [agent], tools: [`svc-${i}.*`], effect: "allow" },
      cedar: `permit (principal == Agent::"${agent}", action == Action::"call", resource)
  when { context.tool like "svc-${i}.*" };`,
    };
  }
  if (kind <= 7) {
    return {
      rule: {
        id,
        agents: [agent],
        tools: [`svc-${i}.refund`],
        effect: "allow",
        when: { amount: { gt: 0, lte: 100 }, currency: { in: ["EUR", "USD"] } },
      },
      cedar: `permit (principal == Agent::"${agent}", action == Action::"call", resource == Tool::"svc-${i}.refund")
  when { context.input has amount && context.input.amount > 0 && context.input.amount <= 100
    && context.input has currency && ["EUR", "USD"].contains(context.input.currency) };`,
    };
  }
  if (kind === 8) {
    return {
      rule: { id, tools: [`svc-${i}.admin.*`], effect: "deny" },
      cedar: `forbid (principal, action, resource) when { context.tool like "svc-${i}.admin.*" };`,
    };
  }
  // A deny applies when its field is missing (fail safe), hence `!(has table) ||` in Cedar.
  return {
    rule: { id, agents: [agent], tools: [`svc-${i}.write`], effect: "deny", when: { table: { eq: "users" } } },
    cedar: `forbid (principal == Agent::"${agent}", action, resource == Tool::"svc-${i}.write")
  when { !(context.input has table) || context.input.table == "users" };`,
  };
}

/** The index of a conditional refund grant near the middle of a policy of `size` rules. */
function refundRuleIndex(size: number): number {
  const middle = Math.floor((size - SHARED_RULES) / 2);
  const base = middle - (middle % 10);
  return base + 6;
}

/**
 * Generates a policy of exactly `size` rules (the shared ones included), and two probes: a refund that a
 * conditional grant in the middle of the policy allows, and the same refund by another agent, which
 * nothing allows (default deny after the candidate rules are filtered out).
 */
export function generatePolicy(size: number): GeneratedPolicy {
  if (size < 10) throw new Error("generatePolicy: size must be at least 10");
  const shared = sharedRules();
  const rules = [...shared.rules];
  const cedar = { ...shared.cedar };
  for (let i = 0; i < size - SHARED_RULES; i++) {
    const generated = rule(i);
    rules.push(generated.rule);
    cedar[generated.rule.id] = generated.cedar;
  }
  const target = refundRuleIndex(size);
  const input = { orderId: "o-1", amount: 42, currency: "EUR" };
  return {
    size,
    rules,
    cedar,
    hit: {
      label: "hit",
      agent: `agent-${target}`,
      tool: `svc-${target}.refund`,
      input,
      expectedRule: `r-${target}`,
      expectedEffect: "allow",
    },
    miss: {
      label: "miss",
      agent: `agent-${target + 1}`,
      tool: `svc-${target}.refund`,
      input,
      expectedRule: "default-deny",
      expectedEffect: "deny",
    },
  };
}
