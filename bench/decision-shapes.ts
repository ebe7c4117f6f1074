import type { RuleDefinition } from "../src/index.js";

/**
 * Agent × tool pairs in groups: pair `k` is in group `g = k % G`; with `j = ⌊k / G⌋`, its agent is
 * `agents[j % A]` and its tool `tools[⌊j / A⌋ % T]` of that group, so each of the `pairs` comes once per cycle.
 */
export interface PairStream {
  readonly groups: readonly { readonly agents: readonly string[]; readonly tools: readonly string[] }[];
  readonly pairs: number;
}

/** A family of policies of any size, and the pairs that call it. */
export interface Shape {
  readonly label: string;
  readonly rule: (i: number) => RuleDefinition;
  readonly stream: (rules: number, pairs: number) => PairStream;
  /**
   * The number of the rule that decides a pair of the stream (−1: none does), read off the names: what the
   * memory floor looks up, so that it reaches the same rules in the same order as the decisions do.
   */
  readonly ruleOf: (agent: string, tool: string) => number;
}

// The decimal number at `from` in a name (`agent-42` from 6): parsed in place, nothing allocated.
function numberAt(name: string, from: number): number {
  let value = 0;
  for (let i = from; i < name.length; i++) {
    const digit = name.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return value;
}

// Two factors of about `n`: the smaller a power of ten (1 × 10, 10 × 100, 100 × 1,000, 1,000 × 1,000).
function factors(n: number): [number, number] {
  const small = 10 ** Math.floor(Math.log10(n) / 2);
  return [small, Math.ceil(n / small)];
}

// Names spread over the policy's rules, so a stream reaches rules from the start to the end.
const spread = (index: number, count: number, rules: number) => Math.floor((index * rules) / count) % rules;
const names = (count: number, name: (i: number) => string) => Array.from({ length: count }, (_, i) => name(i));

function grid(agents: readonly string[], tools: readonly string[]): PairStream {
  return { groups: [{ agents, tools }], pairs: agents.length * tools.length };
}

export const SHAPES: readonly Shape[] = [
  {
    // An exact agent and tool per rule; a pair of one rule's agent and another's tool is a default-deny.
    label: "exact names (agent-i → svc-i.read)",
    rule: (i) => ({ id: `r-${i}`, agents: [`agent-${i}`], tools: [`svc-${i}.read`], effect: "allow" }),
    stream: (rules, pairs) => {
      const [few] = factors(pairs);
      const tools = Math.min(few, rules);
      const agents = Math.ceil(pairs / tools);
      return grid(
        // Past the policy's own agents, names it does not know.
        names(agents, (x) => `agent-${agents <= rules ? spread(x, agents, rules) : x}`),
        names(tools, (y) => `svc-${spread(y, tools, rules)}.read`),
      );
    },
    ruleOf: (agent, tool) => {
      const rule = numberAt(agent, "agent-".length);
      return rule === numberAt(tool, "svc-".length) ? rule : -1;
    },
  },
  {
    // The case of the issue: every rule grants the same glob to another agent. Every pair is allowed.
    label: "one glob for all (agent-i → crm.*)",
    rule: (i) => ({ id: `r-${i}`, agents: [`agent-${i}`], tools: ["crm.*"], effect: "allow" }),
    stream: (rules, pairs) => {
      const [few] = factors(pairs);
      const agents = Math.min(few, rules);
      const tools = Math.ceil(pairs / agents);
      return grid(
        names(agents, (x) => `agent-${spread(x, agents, rules)}`),
        names(tools, (y) => `crm.op-${y}`),
      );
    },
    ruleOf: (agent) => numberAt(agent, "agent-".length),
  },
  {
    // A distinct glob per rule for agents named by a glob too, prefixes shared by every rule. Every pair is
    // allowed: each group is one rule's agents and tools.
    label: "a glob each (team-i-* → svc-i.*)",
    rule: (i) => ({ id: `r-${i}`, agents: [`team-${i}-*`], tools: [`svc-${i}.*`], effect: "allow" }),
    stream: (rules, pairs) => {
      const [few] = factors(pairs);
      const count = Math.min(few, rules);
      const [agents, tools] = factors(Math.ceil(pairs / count));
      const groups = Array.from({ length: count }, (_, g) => spread(g, count, rules)).map((i) => ({
        agents: names(agents, (a) => `team-${i}-bot-${a}`),
        tools: names(tools, (b) => `svc-${i}.op-${b}`),
      }));
      return { groups, pairs: count * agents * tools };
    },
    ruleOf: (agent) => numberAt(agent, "team-".length),
  },
];
