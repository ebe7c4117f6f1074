// The Agents SDK's own approval interruptions, end to end with the real SDK and a scripted Model: approved,
// rejected (audited), always approve / always reject, and a run serialized and resumed in other processes.
import { Agent as AgentsAgent, RunState, run, setTracingDisabled, tool } from "@openai/agents";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createRunApproval, guardTools } from "../../src/adapters/openai-agents.js";
import { type Approver, createGate, definePolicy, memoryStore, type Store } from "../../src/index.js";
import { memoryTracing } from "../helpers.js";
import { assistantText, FakeModel, functionCall, text } from "./fixtures/openai.js";

setTracingDisabled(true); // the SDK's own trace exporter would try to reach OpenAI

const policy = definePolicy({
  rules: [{ id: "deploy-needs-user", tools: ["deploy"], effect: "allow", approval: { approvers: ["user"] } }],
});

/** One "process": a gate on the shared store, its bridge, the agent (same id everywhere), its SDK agent. */
function processOn(store: Store, turns: ReturnType<typeof functionCall | typeof assistantText>[][]) {
  const tracing = memoryTracing();
  const approvals = createRunApproval({ store });
  const owner = vi.fn<Approver>(async () => ({ approved: true, by: "olivia" }));
  const gate = createGate({
    policy,
    store,
    tracerProvider: tracing.tracerProvider,
    approvers: { user: approvals.approver, owner },
  });
  const agent = gate.agent({ id: "agt_ops", name: "ops-bot", owner: "team-ops" });
  const ran = vi.fn(async ({ env }: { env: string }) => `deployed to ${env}`);
  const deploy = tool({
    name: "deploy",
    description: "Deploy",
    parameters: z.object({ env: z.string() }),
    execute: ran,
  });
  const model = new FakeModel(turns);
  const tools = guardTools(agent, [deploy], { needsApproval: approvals.needsApproval(gate) });
  const bot = new AgentsAgent({ name: "ops-bot", model, tools });
  return { approvals, bot, model, ran, tracing, owner };
}

const deployCall = (env: string, callId: string) => [functionCall("deploy", { env }, callId)];
const spanOf = async (p: ReturnType<typeof processOn>, callId: string) =>
  (await p.tracing.spans()).find((span) => span.attributes["gen_ai.tool.call.id"] === callId);

describe("toolgate/openai-agents createRunApproval", () => {
  it("approved: runs the call once, recorded as approved by the user; the owner is not asked", async () => {
    const p = processOn(memoryStore(), [deployCall("prod", "c1"), [assistantText("fin")]]);
    const first = await run(p.bot, "ship it");
    const [item] = first.interruptions;
    if (!item) throw new Error("no interruption");
    expect(p.ran).not.toHaveBeenCalled();
    await p.approvals.respond(first.state, item, { approved: true, by: "alice" });
    const second = await run(p.bot, first.state);
    expect(second.finalOutput).toBe("fin");
    expect(p.ran).toHaveBeenCalledOnce();
    expect(p.owner).not.toHaveBeenCalled();
    expect((await spanOf(p, "c1"))?.attributes).toMatchObject({
      "toolgate.approval.outcome": "approved",
      "toolgate.approval.by": ["alice"],
    });
  });

  it("rejected: the gate refuses the call and records it; the tool never runs; the model reads the rejection", async () => {
    const p = processOn(memoryStore(), [deployCall("prod", "c1"), [assistantText("fin")]]);
    const first = await run(p.bot, "ship it");
    await p.approvals.respond(first.state, first.interruptions[0] as never, {
      approved: false,
      by: "alice",
      reason: "freeze",
    });
    expect((await spanOf(p, "c1"))?.attributes).toMatchObject({ "error.type": "APPROVAL_DENIED" });
    await run(p.bot, first.state);
    expect(p.ran).not.toHaveBeenCalled();
    expect(text(p.model.resultFor("c1"))).toBe("The user rejected this call: freeze. Do not retry it.");
  });

  it("always approve: the SDK stops asking and the gate agrees (a session grant for the rule and agent)", async () => {
    const p = processOn(memoryStore(), [deployCall("prod", "c1"), deployCall("staging", "c2"), [assistantText("fin")]]);
    const first = await run(p.bot, "ship it");
    await p.approvals.respond(first.state, first.interruptions[0] as never, {
      approved: true,
      by: "alice",
      always: true,
    });
    const second = await run(p.bot, first.state);
    expect(second.interruptions).toHaveLength(0);
    expect(p.ran.mock.calls.map(([input]) => input)).toEqual([{ env: "prod" }, { env: "staging" }]);
    expect((await spanOf(p, "c2"))?.attributes["toolgate.approval.outcome"]).toBe("granted");
  });

  it("always reject: later calls of the tool are refused by the gate without asking, and recorded", async () => {
    const p = processOn(memoryStore(), [deployCall("prod", "c1"), deployCall("staging", "c2"), [assistantText("fin")]]);
    const first = await run(p.bot, "ship it");
    await p.approvals.respond(first.state, first.interruptions[0] as never, {
      approved: false,
      by: "alice",
      always: true,
    });
    const second = await run(p.bot, first.state);
    expect(second.interruptions).toHaveLength(0);
    expect(p.ran).not.toHaveBeenCalled();
    expect(text(p.model.resultFor("c2"))).toMatch(/^Tool call refused \(APPROVAL_DENIED, rule "deploy-needs-user"\)/);
    expect((await spanOf(p, "c2"))?.attributes["error.type"]).toBe("APPROVAL_DENIED");
  });

  it("a run serialized after the answer resumes in another process and runs once; a replay does not run it", async () => {
    const store = memoryStore();
    const turns = () => [deployCall("prod", "c1"), [assistantText("fin")]];
    const asking = processOn(store, turns());
    const first = await run(asking.bot, "ship it");
    const saved = first.state.toString();
    // Answered in a second process, from the serialized state; resumed in a third; replayed in a fourth.
    const answering = processOn(store, turns());
    const restored = await RunState.fromString(answering.bot, saved);
    await answering.approvals.respond(restored, restored.getInterruptions()[0] as never, {
      approved: true,
      by: "alice",
    });
    const answered = restored.toString();
    const resuming = processOn(store, turns());
    await run(resuming.bot, await RunState.fromString(resuming.bot, answered));
    expect(resuming.ran).toHaveBeenCalledOnce();
    const replaying = processOn(store, turns());
    await run(replaying.bot, await RunState.fromString(replaying.bot, answered));
    expect(replaying.ran).not.toHaveBeenCalled();
    expect(text(replaying.model.resultFor("c1"))).toContain("APPROVAL_FAILED");
  });

  it("fails closed when the run state was approved without an answer through respond()", async () => {
    const p = processOn(memoryStore(), [deployCall("prod", "c1"), [assistantText("fin")]]);
    const first = await run(p.bot, "ship it");
    first.state.approve(first.interruptions[0] as never);
    await run(p.bot, first.state);
    expect(p.ran).not.toHaveBeenCalled();
    expect(text(p.model.resultFor("c1"))).toContain('APPROVAL_FAILED, rule "deploy-needs-user"');
  });
});
