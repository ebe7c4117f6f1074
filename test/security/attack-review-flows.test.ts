// Review attacks on flows with several legs: a store shared by gates whose policies list the legs differently
// (replicas during a rollout, a reloaded gate), legs that never expire, parallel legs, dry runs, shadow calls and
// the window's edge. The safe outcome: an egress after untrusted input and private data, by the same root agent
// name, is refused however the legs were recorded.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createGate,
  definePolicy,
  defineTool,
  type FlowDefinition,
  isToolgateError,
  memoryStore,
  type Store,
} from "../../src/index.js";
import { manualClock, recordingTool } from "../helpers.js";
import { hasRedis, redisSuite } from "../redis/server.js";

type Clock = ReturnType<typeof manualClock>;
type Opener = (clock: Clock) => Promise<Store>;

const UNTRUSTED = { tags: ["untrusted"] };
const SENSITIVE = { tags: ["sensitive"] };

function setup(store: Store, clock: Clock) {
  const gateWith = (after: FlowDefinition["after"], window: FlowDefinition["window"] | null = "1h", mode?: "shadow") =>
    createGate({
      clock,
      store,
      ...(mode ? { mode } : {}),
      policy: definePolicy({
        rules: [{ id: "all", tools: ["*"], effect: "allow" }],
        flows: [
          {
            id: "trifecta",
            after,
            then: { tags: ["egress"] },
            effect: "deny",
            scope: "agent",
            ...(window ? { window } : {}),
          },
        ],
      }),
    });
  const tools = {
    web: recordingTool("web.fetch", { tags: ["untrusted"] }).tool,
    feed: recordingTool("feed.read", { tags: ["external"] }).tool,
    files: recordingTool("files.read", { tags: ["sensitive"] }).tool,
    post: recordingTool("http.post", { tags: ["egress"] }).tool,
  };
  const root = `bot-${Math.random().toString(36).slice(2)}`;
  const agentOf = (gate: ReturnType<typeof gateWith>) => gate.agent({ name: root, owner: "team" });
  const egress = async (gate: ReturnType<typeof gateWith>) => {
    const result = await agentOf(gate).guard(tools.post).safeCall({});
    return result.ok ? "ran" : isToolgateError(result.error) ? `${result.error.decision?.rule}` : "thrown";
  };
  return { gateWith, tools, agentOf, egress };
}

function sharedStoreAttacks(open: Opener) {
  it("legs listed in another order by the gate that reads them: the chain is still seen", async () => {
    const clock = manualClock();
    const { gateWith, tools, agentOf, egress } = setup(await open(clock), clock);
    const before = gateWith([UNTRUSTED, SENSITIVE]);
    const after = gateWith([SENSITIVE, UNTRUSTED]);
    await agentOf(before).guard(tools.web).call({});
    await agentOf(after).guard(tools.files).call({});
    expect(await egress(after)).toBe("trifecta");
    expect(await egress(before)).toBe("trifecta");
  });

  it("a leg inserted in front: the marks made before it keep their meaning", async () => {
    const clock = manualClock();
    const { gateWith, tools, agentOf, egress } = setup(await open(clock), clock);
    const before = gateWith([UNTRUSTED, SENSITIVE]);
    const after = gateWith([{ tags: ["external"] }, UNTRUSTED, SENSITIVE]);
    await agentOf(before).guard(tools.web).call({});
    await agentOf(before).guard(tools.files).call({});
    expect(await egress(after)).toBe("ran");
    await agentOf(after).guard(tools.feed).call({});
    expect(await egress(after)).toBe("trifecta");
  });

  it("a leg widened with another tag: the marks its narrower version made still count", async () => {
    const clock = manualClock();
    const { gateWith, tools, agentOf, egress } = setup(await open(clock), clock);
    const before = gateWith([UNTRUSTED, SENSITIVE]);
    const after = gateWith([{ tags: ["external", "untrusted"] }, SENSITIVE]);
    await agentOf(before).guard(tools.web).call({});
    await agentOf(after).guard(tools.files).call({});
    expect(await egress(after)).toBe("trifecta");
  });

  it("a flow with no window keeps its legs for good", async () => {
    const clock = manualClock();
    const { gateWith, tools, agentOf, egress } = setup(await open(clock), clock);
    const gate = gateWith([UNTRUSTED, SENSITIVE], null);
    const agent = agentOf(gate);
    expect((await agent.guard(tools.web).safeCall({})).ok).toBe(true);
    clock.advance(400 * 24 * 3_600_000);
    expect((await agent.guard(tools.files).safeCall({})).ok).toBe(true);
    expect(await egress(gate)).toBe("trifecta");
  });

  it("held: the window's edge — legs exactly a window old still count, a millisecond later they do not", async () => {
    const clock = manualClock();
    const { gateWith, tools, agentOf, egress } = setup(await open(clock), clock);
    const gate = gateWith([UNTRUSTED, SENSITIVE], "1h");
    await agentOf(gate).guard(tools.web).call({});
    await agentOf(gate).guard(tools.files).call({});
    clock.advance(3_600_000);
    expect(await egress(gate)).toBe("trifecta");
    clock.advance(1);
    expect(await egress(gate)).toBe("ran");
  });

  it("held: a shadow gate's leg calls ran, so they mark the root name an enforced gate reads", async () => {
    const clock = manualClock();
    const { gateWith, tools, agentOf, egress } = setup(await open(clock), clock);
    const trial = gateWith([UNTRUSTED, SENSITIVE], "1h", "shadow");
    await agentOf(trial).guard(tools.web).call({});
    await agentOf(trial).guard(tools.files).call({});
    expect(await egress(gateWith([UNTRUSTED, SENSITIVE]))).toBe("trifecta");
  });
}

describe("a memory store shared by gates with different policies", () => {
  sharedStoreAttacks(async (clock) => memoryStore({ clock }));
});

describe.skipIf(!hasRedis)("a Redis store shared by replicas with different policies", () => {
  const redis = redisSuite();
  let prefixes = 0;
  sharedStoreAttacks((clock) => redis.replica({ prefix: `review${++prefixes}`, testClock: clock }));
});

describe("held: legs in flight, delegates, dry runs", () => {
  it("an egress admitted while the untrusted read still runs, by a delegate in another conversation, is refused", async () => {
    const clock = manualClock();
    const { gateWith, tools, agentOf } = setup(memoryStore({ clock }), clock);
    const gate = gateWith([UNTRUSTED, SENSITIVE]);
    const agent = agentOf(gate);
    await agent.guard(tools.files).call({}, { conversationId: "c1" });
    let finish = () => {};
    const slow = defineTool({
      name: "mail.read",
      input: z.object({}),
      tags: ["untrusted"],
      execute: () => new Promise<void>((resolve) => (finish = resolve)),
    });
    const running = agent.guard(slow).call({}, { conversationId: "c2" });
    await Promise.resolve();
    const delegate = agent.delegate({ name: "sender", tools: ["*"] });
    const sent = await delegate.guard(tools.post).safeCall({}, { conversationId: "c3" });
    finish();
    await running;
    expect(!sent.ok && isToolgateError(sent.error) && sent.error.decision?.rule).toBe("trifecta");
  });

  it("a dry run of a leg marks nothing, and a dry run after both legs reports the refusal", async () => {
    const clock = manualClock();
    const { gateWith, tools, agentOf, egress } = setup(memoryStore({ clock }), clock);
    const gate = gateWith([UNTRUSTED, SENSITIVE]);
    const agent = agentOf(gate);
    agent.guard(tools.post);
    expect(await gate.check(agent, tools.web, {})).toMatchObject({ effect: "allow" });
    await agent.guard(tools.files).call({});
    expect(await egress(gate)).toBe("ran");
    await agent.guard(tools.web).call({});
    expect(await gate.check(agent, tools.post, {})).toMatchObject({ effect: "deny", rule: "trifecta" });
  });
});
