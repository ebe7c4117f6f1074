// Flows whose `after` lists several legs (all seen, in any order, each within the window) or none (every call
// matching `then`), on the in-memory store and on Redis: the legs are marks of their own in either store.
import { describe, expect, it } from "vitest";
import {
  createGate,
  definePolicy,
  isToolgateError,
  memoryStore,
  type PolicyDefinition,
  type Store,
} from "../src/index.js";
import { manualClock, recordingTool } from "./helpers.js";
import { hasRedis, redisSuite } from "./redis/server.js";

type Clock = ReturnType<typeof manualClock>;
type Opener = (clock: Clock) => Promise<Store>;

const definition = (scope: "conversation" | "agent"): PolicyDefinition => ({
  rules: [{ id: "all", tools: ["*"], effect: "allow" }],
  flows: [
    {
      id: "trifecta",
      after: [{ tags: ["untrusted"] }, { tags: ["sensitive"] }],
      then: { tags: ["egress"] },
      effect: "deny",
      window: "1h",
      scope,
    },
    { id: "never-wipe", after: [], then: { tags: ["audit-tamper"] }, effect: "deny" },
  ],
});

function legsConform(open: Opener) {
  async function setup(scope: "conversation" | "agent" = "conversation") {
    const clock = manualClock();
    const gate = createGate({ policy: definePolicy(definition(scope)), store: await open(clock), clock });
    const agent = gate.agent({ name: `bot-${Math.random().toString(36).slice(2)}`, owner: "team" });
    const use = (name: string, tags: string[]) => agent.guard(recordingTool(name, { tags }).tool);
    const web = use("web.fetch", ["untrusted"]);
    const files = use("files.read", ["sensitive"]);
    const inbox = use("email.read", ["untrusted", "sensitive"]);
    const post = use("http.post", ["egress"]);
    const outcome = async (conversationId?: string) => {
      const result = await post.safeCall({}, { conversationId });
      return result.ok ? "ran" : isToolgateError(result.error) ? `${result.error.decision?.rule}` : "thrown";
    };
    return { gate, agent, clock, web, files, inbox, post, outcome, use };
  }

  it("applies once every leg has been seen, in either order, and not before", async () => {
    const { web, files, outcome } = await setup();
    await web.call({}, { conversationId: "c1" });
    expect(await outcome("c1")).toBe("ran");
    await files.call({}, { conversationId: "c1" });
    expect(await outcome("c1")).toBe("trifecta");
    const reversed = await setup();
    await reversed.files.call({}, { conversationId: "c1" });
    await reversed.web.call({}, { conversationId: "c1" });
    expect(await reversed.outcome("c1")).toBe("trifecta");
  });

  it("one call can bring several legs, and the refusal names the calls that did", async () => {
    const { inbox, post } = await setup();
    await inbox.call({}, { conversationId: "c1" });
    const refused = await post.safeCall({}, { conversationId: "c1" });
    expect(!refused.ok && refused.error.message).toMatch(
      /flow "trifecta": "http.post" after "email.read" is not allowed/,
    );
    const two = await setup();
    await two.web.call({});
    await two.files.call({});
    const both = await two.post.safeCall({});
    expect(!both.ok && both.error.message).toMatch(/"http.post" after "web.fetch" and "files.read"/);
  });

  it("each leg must be within the window", async () => {
    const { web, files, clock, outcome } = await setup();
    await web.call({}, { conversationId: "c1" });
    clock.advance(59 * 60_000);
    await files.call({}, { conversationId: "c1" });
    expect(await outcome("c1")).toBe("trifecta");
    clock.advance(2 * 60_000);
    expect(await outcome("c1")).toBe("ran");
  });

  it("legs in two conversations combine only for an agent-wide flow", async () => {
    const narrow = await setup("conversation");
    await narrow.web.call({}, { conversationId: "c1" });
    await narrow.files.call({}, { conversationId: "c2" });
    expect(await narrow.outcome("c2")).toBe("ran");
    expect(await narrow.outcome(undefined)).toBe("trifecta");
    const wide = await setup("agent");
    await wide.web.call({}, { conversationId: "c1" });
    await wide.files.call({}, { conversationId: "c2" });
    expect(await wide.outcome("c3")).toBe("trifecta");
  });

  it("a flow with no legs refuses the very first call, and gate.check agrees", async () => {
    const { gate, agent, use } = await setup();
    const wipe = use("journal.clear", ["audit-tamper"]);
    expect(await gate.check(agent, wipe, {})).toMatchObject({ effect: "deny", rule: "never-wipe" });
    const refused = await wipe.safeCall({});
    expect(!refused.ok && refused.error).toMatchObject({ code: "TOOL_DENIED", decision: { rule: "never-wipe" } });
    expect(!refused.ok && refused.error.message).toMatch(/flow "never-wipe": "journal.clear" is not allowed/);
  });
}

describe("flow legs on memoryStore", () => {
  legsConform(async (clock) => memoryStore({ clock }));
});

describe.skipIf(!hasRedis)("flow legs on redisStore", () => {
  const redis = redisSuite();
  let prefixes = 0;
  legsConform((clock) => redis.replica({ prefix: `legs${++prefixes}`, testClock: clock }));
});

describe("flow legs in the policy", () => {
  const flow = (after: unknown) => ({
    rules: [],
    flows: [{ id: "f", after, then: { tags: ["egress"] }, effect: "deny" }],
  });
  const problem = (after: unknown) => {
    try {
      definePolicy(flow(after) as never);
      return "loaded";
    } catch (error) {
      return (error as Error).message;
    }
  };

  it("takes one selector, a list of them, or none", () => {
    for (const after of [{ tags: ["a"] }, [{ tags: ["a"] }, { tools: ["b.*"] }], []])
      expect(problem(after)).toBe("loaded");
  });

  it("refuses a leg without tools or tags at its path, something else, and more than 8 legs", () => {
    expect(problem([{ tags: ["a"] }, {}])).toMatch(/flows\[0\]\.after\[1\]: a selector needs tools or tags/);
    expect(problem("untrusted")).toMatch(
      /flows\[0\]\.after: must be a selector \{ tools\?, tags\? \} or a list of them/,
    );
    expect(problem(Array.from({ length: 9 }, () => ({ tags: ["a"] })))).toMatch(
      /flows\[0\]\.after: lists at most 8 legs/,
    );
  });
});
