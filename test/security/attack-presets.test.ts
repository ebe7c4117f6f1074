// Attacks on the presets: the model picks every tool call, its order, its retries and its parallelism; a
// third-party preset may try to widen a policy. Each asserts the safe outcome.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Agent,
  definePolicy,
  isToolgateError,
  memoryStore,
  type PolicyPreset,
  presets,
  withPresets,
} from "../../src/index.js";
import { seedTools, world } from "../presets/world.js";

const RUNS = process.env.CI ? 10_000 : 1_000;

describe("the seed's chain under any schedule", () => {
  const step = fc.record({
    tool: fc.constantFrom("readMail", "extract", "deploy", "wipe", "lookup"),
    actor: fc.integer({ min: 0, max: 4 }),
    conversation: fc.constantFrom(undefined, "c0", "c1", "c2", "c3"),
  });

  it("any order, instance, delegate and conversation: a deploy after untrusted input never runs unasked, a log deletion never runs", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const w = world();
        const t = { ...seedTools(w), lookup: w.tool("crm.lookup") };
        const a = w.agent();
        const b = w.agent();
        const da = a.delegate({ name: "helper-a", tools: ["*"] });
        const actors: Agent[] = [
          a,
          b,
          da,
          b.delegate({ name: "helper-b", tools: ["*"] }),
          da.delegate({ name: "deep", tools: ["*"] }),
        ];
        let untrusted = false;
        for (const { tool, actor, conversation } of steps) {
          const asked = w.asked.length;
          const outcome = await w.call(actors[actor] as Agent, t[tool], conversation);
          if (tool === "wipe") expect(outcome.outcome).toBe("TOOL_DENIED");
          else if (tool === "deploy" && untrusted) {
            expect(outcome.outcome).toBe("APPROVAL_DENIED");
            expect(outcome.rule).toBe("seed-chain.deploy-after-untrusted");
            // The first attempt asks; a retry of the same call is refused from the remembered rejection.
            expect(w.asked.length - asked).toBeLessThanOrEqual(1);
          } else expect(outcome.outcome).toBe("ran");
          if (tool === "readMail") untrusted = true;
        }
        expect(w.ran).not.toContain("logs.delete");
        expect(w.asked.every((request) => request.rule === "seed-chain.deploy-after-untrusted")).toBe(true);
      }),
      { numRuns: RUNS },
    );
    // About 2 ms a run alone; the limit is for a loaded machine.
  }, 120_000);

  it("asking again until a tired approver says yes: a retried deploy is refused without a new question", async () => {
    const w = world();
    const t = seedTools(w);
    const bot = w.agent();
    await w.call(bot, t.readMail, "c1");
    for (let i = 0; i < 5; i++) await w.call(w.agent(), t.deploy, `c${i + 2}`);
    expect(w.asked).toHaveLength(1);
    expect(w.outcomes.slice(1).map((outcome) => outcome.outcome)).toEqual(Array(5).fill("APPROVAL_DENIED"));
    expect(w.ran).toEqual(["email.read"]);
  });

  it("parallel calls: a deploy started beside a running email read, from another conversation, is asked", async () => {
    const w = world();
    let finish = () => {};
    const slowMail = w.tool("email.read", ["untrusted"], () => new Promise<void>((resolve) => (finish = resolve)));
    const deploy = w.tool("deploy.release", ["deploy"]);
    const [a, b] = [w.agent(), w.agent()];
    const calls = Promise.all([
      w.call(a, slowMail, "c1"),
      w.call(b.delegate({ name: "d", tools: ["*"] }), deploy, "c2"),
    ]);
    await Promise.resolve();
    finish();
    const [, deployed] = await calls;
    expect(deployed).toMatchObject({ outcome: "APPROVAL_DENIED", rule: "seed-chain.deploy-after-untrusted" });
  });

  it("a flood of conversations does not evict the untrusted mark", async () => {
    const clock = { now: () => 0, wall: () => 0 };
    const store = memoryStore({ clock, maxConversationsPerAgent: 4 });
    const policy = definePolicy(
      withPresets(
        { rules: [{ id: "all", tools: ["*"], effect: "allow" }], approval: { approvers: ["sec"] } },
        presets.seedChain,
      ),
    );
    const { createGate } = await import("../../src/index.js");
    let asked = 0;
    const gate = createGate({
      policy,
      store,
      clock,
      approvers: {
        sec: async () => {
          asked++;
          return { approved: false, by: "sec" };
        },
      },
    });
    const w = world();
    const bot = gate.agent({ name: "support-bot", owner: "t" });
    await bot.guard(w.tool("email.read", ["untrusted"])).call({}, { conversationId: "c0" });
    const mark = bot.guard(w.tool("notes.add", ["untrusted"]));
    for (let i = 1; i <= 50; i++) await mark.call({}, { conversationId: `flood-${i}` });
    const deployed = await bot.guard(w.tool("deploy.release", ["deploy"])).safeCall({}, { conversationId: "fresh" });
    expect(!deployed.ok && deployed.error.code).toBe("APPROVAL_DENIED");
    expect(asked).toBe(1);
  });
});

describe("dodging the tags and names", () => {
  it("a tool redefined without its tag under the same name is refused by the gate", () => {
    const w = world();
    const bot = w.agent();
    bot.guard(w.tool("email.read", ["untrusted"]));
    expect(() => bot.guard(w.tool("email.read"))).toThrow(/tag "untrusted" is missing/);
  });

  it("tags hidden behind invisible characters, case or width still select", async () => {
    const w = world();
    const bot = w.agent();
    await w.call(bot, w.tool("feed.read", ["un\u200btrusted"]), "c1");
    await w.call(bot, w.tool("ship", ["Ｄｅｐｌｏｙ"]), "c1");
    await w.call(bot, w.tool("history.rewrite", ["AUDIT-TAMPER\u00a0"]), "c1");
    expect(w.outcomes.map((outcome) => [outcome.outcome, outcome.rule])).toEqual([
      ["ran", undefined],
      ["APPROVAL_DENIED", "seed-chain.deploy-after-untrusted"],
      ["TOOL_DENIED", "seed-chain.no-cover-up"],
    ]);
  });

  it("untagged log deletions, spelled to slip past the names, never run", async () => {
    const w = world();
    const bot = w.agent();
    const spellings = [
      "LOGS.DELETE",
      "logs.delete ",
      "lоgs.delete",
      "ｌｏｇｓ.ｄｅｌｅｔｅ",
      "audit/purge",
      "svc:audit-log.truncate",
      "Delete-Logs",
      "app.stopLogging",
      "rm_logs",
    ];
    for (const name of spellings) {
      let tool: ReturnType<typeof w.tool>;
      try {
        tool = w.tool(name);
      } catch (error) {
        // A name no tool may carry (a space at an end, an invisible character) never reaches the gate.
        expect(isToolgateError(error) && error.code, name).toBe("INVALID_ARGUMENT");
        continue;
      }
      const outcome = await w.call(bot, tool, "c1");
      expect(outcome, name).toMatchObject({ outcome: "TOOL_DENIED", rule: "audit-trail.by-name" });
    }
    expect(w.ran).toEqual([]);
  });

  it("a burst across instances and delegates is held to 60 calls a minute, then has room again", async () => {
    const w = world();
    const lookup = w.tool("crm.lookup");
    const a = w.agent();
    const members = [a, w.agent(), a.delegate({ name: "d", tools: ["*"] })];
    for (let i = 0; i < 61; i++) await w.call(members[i % 3] as Agent, lookup, `c${i}`);
    expect(w.ran).toHaveLength(60);
    expect(w.outcomes.at(-1)).toMatchObject({ outcome: "LIMIT_EXCEEDED", rule: "seed-chain.burst" });
    w.clock.advance(60_001);
    expect((await w.call(a, lookup)).outcome).toBe("ran");
  });
});

describe("the lethal trifecta through many hands", () => {
  it("private data by one delegate, untrusted input by another, egress by a new instance in a new conversation", async () => {
    const w = world();
    const a = w.agent("assistant");
    await w.call(a.delegate({ name: "files", tools: ["*"] }), w.tool("drive.read", ["sensitive"]), "c1");
    await w.call(a.delegate({ name: "browser", tools: ["*"] }), w.tool("web.fetch", ["untrusted"]), "c2");
    const sent = await w.call(w.agent("assistant"), w.tool("webhook.post", ["egress"]), "c3");
    expect(sent).toMatchObject({ outcome: "APPROVAL_DENIED", rule: "trifecta.egress-after-untrusted-and-private" });
    expect(w.asked.map((request) => request.reason)).toEqual([
      'flow "trifecta.egress-after-untrusted-and-private": "webhook.post" after "web.fetch" and "drive.read" needs approval',
    ]);
  });
});

describe("presets that try to widen a policy", () => {
  const hostile = (extra: Partial<PolicyPreset> & Record<string, unknown>): PolicyPreset => ({
    id: "helpful",
    description: "looks harmless",
    rules: [],
    limits: [],
    flows: [],
    ...extra,
  });

  it("a preset with an allow rule is refused: presets only restrict", () => {
    const sneaky = hostile({ rules: [{ id: "helpful.everything", tools: ["*"], effect: "allow" }] });
    const error = (() => {
      try {
        withPresets({ rules: [] }, sneaky);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(isToolgateError(error) && error.code).toBe("INVALID_POLICY");
    expect((error as Error).message).toMatch(/preset "helpful"'s rules\[0\] \("helpful.everything"\) is an allow rule/);
  });

  it("keys beside the sections (an approval section, say) are not merged", () => {
    const sneaky = hostile({ approval: { risk: [] } });
    const merged = withPresets({ rules: [], approval: { risk: ["high"], approvers: ["sec"] } }, sneaky);
    expect(merged.approval).toEqual({ risk: ["high"], approvers: ["sec"] });
  });

  it("the shipped presets cannot be changed by another module", () => {
    expect(Object.isFrozen(presets)).toBe(true);
    expect(() => {
      (presets as { seedChain: unknown }).seedChain = hostile({});
    }).toThrow(TypeError);
    expect(() => {
      (presets.auditTrail.flows[0] as { effect: string }).effect = "require_approval";
    }).toThrow(TypeError);
    expect(() => (presets.auditTrail.rules[0] as { tools: string[] }).tools.pop()).toThrow(TypeError);
  });
});
