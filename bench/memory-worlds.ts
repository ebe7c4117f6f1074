// The gates the MEMORY section drives: one policy with two limits (60 a minute, 3,000 an hour, on every tool)
// and a flow (web.fetch then email.send in the same conversation is denied), a clock the bench moves by hand,
// and one way per scenario of picking which agent makes call number i.
import type { Agent, GuardedTool, SafeResult } from "../src/index.js";
import type { ToolgateModule } from "./toolgate.js";

/** A clock that moves only when the bench says so: 1M calls span days of limit windows in seconds. */
export interface ManualClock {
  now(): number;
  wall(): number;
  advance(ms: number): void;
}

function manualClock(): ManualClock {
  let t = 0;
  return {
    now: () => t,
    wall: () => 1_767_225_600_000 + t,
    advance(ms) {
      t += ms;
    },
  };
}

/** One gate under load: `call(i)` makes guarded call number i (the clock moves by `stepMs` before each). */
export interface World {
  readonly clock: ManualClock;
  readonly stepMs: number;
  call(i: number): Promise<SafeResult<unknown>>;
}

export interface Scenario {
  readonly label: string;
  /** Builds the gate and any agents that live throughout (they count in the heap at 0 calls). */
  build(toolgate: ToolgateModule, agents: number): World;
}

const TOOLS = [
  { name: "crm.read", tags: [] },
  { name: "web.fetch", tags: ["untrusted"] },
  { name: "email.send", tags: ["egress"] },
] as const;
const NAMES = TOOLS.map((tool) => tool.name);
const INPUT = Object.freeze({ q: "status" });
// An agent's calls cycle read, fetch (marks the flow), send (denied by it when in the fetch's conversation).
const CALLS_PER_CONVERSATION = 6;
export const CALLS_PER_TASK = 10;

function gateFor(toolgate: ToolgateModule, agents: number) {
  const { createGate, definePolicy, defineTool, passthroughSchema } = toolgate;
  const policy = definePolicy({
    rules: [{ id: "bench-allow", agents: ["*"], tools: [...NAMES], effect: "allow" }],
    limits: [
      { id: "per-minute", tools: ["*"], max: 60, window: "1m" },
      { id: "per-hour", tools: ["*"], max: 3_000, window: "1h" },
    ],
    flows: [
      {
        id: "untrusted-then-egress",
        after: { tags: ["untrusted"] },
        then: { tags: ["egress"] },
        effect: "deny",
        window: "30m",
      },
    ],
  });
  const clock = manualClock();
  const gate = createGate({ policy, clock, caps: { agents: agents + 10 } });
  const tools = TOOLS.map(({ name, tags }) =>
    defineTool({ name, tags: [...tags], input: passthroughSchema<typeof INPUT>(), execute: async () => name }),
  );
  const guard = (agent: Agent) => tools.map((tool) => agent.guard(tool)) as GuardedTool[];
  return { gate, clock, guard };
}

/** Call j of an agent: which of its tools, in which conversation. */
const callOf = (tools: readonly GuardedTool[], j: number, conversationId: string) =>
  (tools[j % tools.length] as GuardedTool).safeCall(INPUT, { conversationId });

// The scenarios' conversations are chosen so that what is bounded per agent (the 1,000 conversations a root
// keeps) is full, or never grows, well before 250k calls: past that, any growth is per call.
const oneAgent = (label: string, stepMs: number, conversation: (i: number) => string): Scenario => ({
  label,
  build(toolgate) {
    const { gate, clock, guard } = gateFor(toolgate, 1);
    const tools = guard(gate.agent({ name: "support-bot", owner: "bench" }));
    return { clock, stepMs, call: (i) => callOf(tools, i, conversation(i)) };
  },
});

const liveRoots: Scenario = {
  label: "{agents} root agents, all live, round robin, one conversation each",
  build(toolgate, agents) {
    const { gate, clock, guard } = gateFor(toolgate, agents);
    const all = Array.from({ length: agents }, (_, k) => guard(gate.agent({ name: `bot-${k}`, owner: "bench" })));
    return {
      clock,
      stepMs: 10,
      call: (i) => callOf(all[i % agents] as GuardedTool[], Math.floor(i / agents), "c"),
    };
  },
};

type Parts = ReturnType<typeof gateFor>;

/** One short-lived agent per task of ten calls, retired after its last; `prepare` returns how to make one. */
const perTask = (label: string, stepMs: number, prepare: (parts: Parts) => (task: number) => Agent): Scenario => ({
  label,
  build(toolgate, agents) {
    const parts = gateFor(toolgate, agents);
    const make = prepare(parts);
    let agent: Agent | undefined;
    let tools: GuardedTool[] = [];
    return {
      clock: parts.clock,
      stepMs,
      async call(i) {
        const task = Math.floor(i / CALLS_PER_TASK);
        const j = i % CALLS_PER_TASK;
        if (j === 0) {
          agent = make(task);
          tools = parts.guard(agent);
        }
        const result = await callOf(tools, j, `t${task}`); // a conversation per task
        if (j === CALLS_PER_TASK - 1) await agent?.retire();
        return result;
      },
    };
  },
});

/** The scenarios, in report order; `{agents}` in a label stands for the run's agent count. */
export const SCENARIOS: readonly Scenario[] = [
  oneAgent("1 agent, a call every 1.5 s (inside its limits), a new conversation every 6 calls", 1_500, (i) =>
    String(Math.floor(i / CALLS_PER_CONVERSATION)),
  ),
  oneAgent("1 agent, a call every 10 ms (100× its 60/min limit), one conversation", 10, () => "c"),
  liveRoots,
  perTask("{agents} delegates of one root, each retired after 10 calls", 1_500, ({ gate }) => {
    const root = gate.agent({ name: "orchestrator", owner: "bench" });
    return (task) => root.delegate({ name: "task", id: `t${task}`, tools: [...NAMES] });
  }),
  perTask(
    "{agents} root agents, each retired after 10 calls",
    // 20 ms: an hour's idle budgets (3,000/h) expire by 180k calls, so what remains past 250k is per call.
    20,
    ({ gate }) =>
      (task) =>
        gate.agent({ name: `job-${task}`, owner: "bench" }),
  ),
];
