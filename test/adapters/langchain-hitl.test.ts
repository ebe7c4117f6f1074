// LangChain's humanInTheLoopMiddleware and LangGraph interrupts with the real packages (createAgent, fakeModel,
// MemorySaver): approve, edit, reject (audited), an approver that interrupts, and resume after a restart.
import { tool } from "@langchain/core/tools";
import { Command, interrupt, MemorySaver } from "@langchain/langgraph";
import { AIMessage, createAgent, fakeModel, HumanMessage, ToolMessage } from "langchain";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createHitlApproval, interruptible, toolgateMiddleware } from "../../src/adapters/langchain.js";
import { type Approver, createGate, definePolicy, memoryStore, type Store } from "../../src/index.js";
import { memoryTracing } from "../helpers.js";

const policy = definePolicy({
  rules: [
    {
      id: "refunds",
      tools: ["refund"],
      effect: "allow",
      when: { amount: { lte: 100 } },
      approval: { approvers: ["user"] },
    },
    { id: "wipes", tools: ["wipe"], effect: "allow", approval: { approvers: ["owner"] } },
  ],
});

type Turn = { name: string; args: Record<string, unknown>; id: string };

/** One "process": a gate on the shared store, the agent (same id everywhere), a createAgent graph on `saver`. */
function processOn(store: Store, saver: MemorySaver, turns: Turn[][], owner?: Approver) {
  const tracing = memoryTracing();
  const hitl = createHitlApproval({ store, by: (runtime) => String(runtime.configurable?.user ?? "unknown") });
  const asked = vi.fn<Approver>(async () => ({ approved: true, by: "olivia" }));
  const gate = createGate({
    policy,
    store,
    tracerProvider: tracing.tracerProvider,
    approvers: { user: hitl.approver, owner: owner ?? asked },
  });
  const bot = gate.agent({ id: "agt_pay", name: "pay-bot", owner: "team-pay" });
  const ran = vi.fn(async ({ amount }: { amount: number }) => `refunded ${amount}`);
  const wiped = vi.fn(async () => "wiped");
  const refund = tool(ran, { name: "refund", description: "Refund", schema: z.object({ amount: z.number() }) });
  const wipe = tool(wiped, { name: "wipe", description: "Wipe", schema: z.object({}) });
  let model = fakeModel();
  for (const calls of turns) model = model.respondWithTools(calls);
  model = model.respond(new AIMessage("done")).respond(new AIMessage("done again"));
  const middleware = [toolgateMiddleware(bot, { humanInTheLoop: { approvals: hitl, gate } })];
  const graph = createAgent({ model, tools: [refund, wipe], middleware, checkpointer: saver });
  const config = { configurable: { thread_id: "thread-1", user: "alice@example.com" } };
  return { graph, ran, wiped, tracing, asked, config, model };
}

const start = (p: ReturnType<typeof processOn>) =>
  p.graph.invoke({ messages: [new HumanMessage("go")] }, p.config as never);
const resume = (p: ReturnType<typeof processOn>, value: unknown) =>
  p.graph.invoke(new Command({ resume: value }), p.config as never);
const interrupted = (result: unknown) => ((result as { __interrupt__?: unknown[] }).__interrupt__ ?? []).length > 0;
const toolMessages = (result: unknown) =>
  (result as { messages: unknown[] }).messages.filter((m) => ToolMessage.isInstance(m)) as ToolMessage[];
/** The run config that replays the thread from its checkpoint taken just before the tool step. */
async function beforeToolStep(p: ReturnType<typeof processOn>) {
  type History = AsyncIterable<{ next: string[]; config: { configurable?: object } }>;
  const graph = p.graph as unknown as { getStateHistory: (config: unknown) => History };
  for await (const snapshot of graph.getStateHistory(p.config)) {
    if (snapshot.next.includes("tools")) {
      return { ...p.config, configurable: { ...p.config.configurable, ...snapshot.config.configurable } };
    }
  }
  throw new Error("no checkpoint before the tool step");
}

const refundCall = (amount: number, id = "call_r1") => [{ name: "refund", args: { amount }, id }];

describe("toolgate/langchain with humanInTheLoopMiddleware", () => {
  it("pauses for a call the gate needs the human for; approved, it runs once and the gate records who approved", async () => {
    const p = processOn(memoryStore(), new MemorySaver(), [refundCall(20)]);
    expect(interrupted(await start(p))).toBe(true);
    expect(p.ran).not.toHaveBeenCalled();
    await resume(p, { decisions: [{ type: "approve" }] });
    expect(p.ran).toHaveBeenCalledOnce();
    const [span] = await p.tracing.spans();
    expect(span?.attributes).toMatchObject({
      "gen_ai.tool.call.id": "call_r1",
      "toolgate.approval.by": ["alice@example.com"],
    });
    expect(p.asked).not.toHaveBeenCalled();
  });

  it("edit: the edited call is a new decision — approved as edited, or refused when the policy denies it", async () => {
    const p = processOn(memoryStore(), new MemorySaver(), [refundCall(20)]);
    await start(p);
    await resume(p, { decisions: [{ type: "edit", editedAction: { name: "refund", args: { amount: 5 } } }] });
    expect(p.ran.mock.calls.map(([input]) => input)).toEqual([{ amount: 5 }]);
    const q = processOn(memoryStore(), new MemorySaver(), [refundCall(20)]);
    await start(q);
    const result = await resume(q, {
      decisions: [{ type: "edit", editedAction: { name: "refund", args: { amount: 500 } } }],
    });
    expect(q.ran).not.toHaveBeenCalled();
    expect(String(toolMessages(result)[0]?.content)).toMatch(/^Tool call refused \(TOOL_DENIED/);
  });

  it("reject: the gate refuses the call and records the rejection; the tool never runs", async () => {
    const p = processOn(memoryStore(), new MemorySaver(), [refundCall(20)]);
    await start(p);
    const result = await resume(p, { decisions: [{ type: "reject", message: "not today" }] });
    expect(p.ran).not.toHaveBeenCalled();
    expect(toolMessages(result).map((m) => m.content)).toEqual(["not today"]);
    const [span] = await p.tracing.spans();
    expect(span?.attributes).toMatchObject({ "gen_ai.tool.call.id": "call_r1", "error.type": "APPROVAL_DENIED" });
  });

  it("resumes after a checkpoint and a restart: runs once, asks nobody again; replaying the tool step does not run it twice", async () => {
    const store = memoryStore();
    const saver = new MemorySaver();
    await start(processOn(store, saver, [refundCall(20)]));
    const restarted = processOn(store, saver, [refundCall(20)]);
    await resume(restarted, { decisions: [{ type: "approve" }] });
    expect(restarted.ran).toHaveBeenCalledOnce();
    expect(restarted.asked).not.toHaveBeenCalled();
    // Another process replays from the checkpoint taken before the tool step (as after a crash mid-step).
    const replaying = processOn(store, saver, [refundCall(20)]);
    const replayed = await replaying.graph.invoke(null, (await beforeToolStep(replaying)) as never);
    expect(replaying.ran).not.toHaveBeenCalled();
    expect(String(toolMessages(replayed).at(-1)?.content)).toContain("APPROVAL_FAILED");
  });
});

describe("toolgate/langchain: an approver that calls LangGraph's interrupt()", () => {
  const pausing = (store: Store) =>
    interruptible(async (request) => interrupt({ tool: request.tool.name, reason: request.reason }) as never, {
      store,
    });

  it("pauses the graph instead of failing the call; the resumed answer runs the call once", async () => {
    const store = memoryStore();
    const saver = new MemorySaver();
    const p = processOn(store, saver, [[{ name: "wipe", args: {}, id: "call_w1" }]], pausing(store));
    const first = await start(p);
    expect(interrupted(first)).toBe(true);
    expect(p.wiped).not.toHaveBeenCalled();
    expect(await p.tracing.spans()).toHaveLength(1); // the paused leg: refused for now, the graph keeps the call
    const restarted = processOn(store, saver, [[{ name: "wipe", args: {}, id: "call_w1" }]], pausing(store));
    await resume(restarted, { approved: true, by: "bob@example.com" });
    expect(restarted.wiped).toHaveBeenCalledOnce();
    const replaying = processOn(store, saver, [[{ name: "wipe", args: {}, id: "call_w1" }]], pausing(store));
    await replaying.graph.invoke(null, (await beforeToolStep(replaying)) as never);
    expect(replaying.wiped).not.toHaveBeenCalled();
  });

  it("an approver that calls interrupt() without interruptible fails closed (APPROVAL_FAILED)", async () => {
    const p = processOn(
      memoryStore(),
      new MemorySaver(),
      [[{ name: "wipe", args: {}, id: "call_w1" }]],
      async () => interrupt("?") as never,
    );
    const result = await start(p);
    expect(p.wiped).not.toHaveBeenCalled();
    expect(String(toolMessages(result)[0]?.content)).toContain("APPROVAL_FAILED");
  });
});
