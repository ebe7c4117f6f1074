// Security model 7 — bounded resources: delegation depth, registry size, identifiers, input size and nesting,
// pending approvals; each cap refuses with a clear error, and nothing grows because of what an agent does.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createGate,
  definePolicy,
  defineTool,
  isToolgateError,
  memoryStore,
  passthroughSchema,
  queueApprover,
} from "../../src/index.js";
import { recordingTool } from "../helpers.js";

const policy = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow", approval: false }] });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isToolgateError(error) ? error.code : `not a ToolgateError: ${String(error)}`;
  }
  return undefined;
}

describe("identities are bounded", () => {
  it("delegation stops at the depth cap with a clear error, not a stack overflow or a heap of copies", () => {
    const gate = createGate({ policy });
    let agent = gate.agent({ name: "root", owner: "team" });
    let depth = 0;
    let refusal: unknown;
    try {
      for (; depth < 10_000; depth++) agent = agent.delegate({ name: `d${depth}`, tools: ["*"] });
    } catch (error) {
      refusal = error;
    }
    expect(depth).toBe(8);
    expect(isToolgateError(refusal) && refusal.message).toMatch(/delegation is at most 8 levels deep/);
    const deeper = createGate({ policy, caps: { delegationDepth: 2 } }).agent({ name: "r", owner: "t" });
    expect(
      codeOf(() =>
        deeper
          .delegate({ name: "a", tools: ["*"] })
          .delegate({ name: "b", tools: ["*"] })
          .delegate({ name: "c", tools: ["*"] }),
      ),
    ).toBe("INVALID_ARGUMENT");
  });

  it("the registry refuses agents past its cap, and retiring frees the room", async () => {
    const gate = createGate({ policy, caps: { agents: 3 } });
    const root = gate.agent({ name: "root", owner: "team" });
    const helper = root.delegate({ name: "helper", tools: ["*"] });
    gate.agent({ name: "other", owner: "team" });
    expect(codeOf(() => root.delegate({ name: "fourth", tools: ["*"] }))).toBe("INVALID_ARGUMENT");
    await helper.retire();
    expect(() => root.delegate({ name: "fourth", tools: ["*"] })).not.toThrow();
    expect(() => createGate({ policy, caps: { agents: 0 } })).toThrow(/`caps.agents` must be a positive integer/);
  });

  it("the gate refuses to guard tool names past its cap; a name it already guards is still guarded", async () => {
    const gate = createGate({ policy, caps: { tools: 2 } });
    const agent = gate.agent({ name: "root", owner: "team" });
    agent.guard(recordingTool("a").tool);
    agent.guard(recordingTool("b").tool);
    const error = (() => {
      try {
        agent.guard(recordingTool("c").tool);
      } catch (caught) {
        return caught;
      }
    })();
    expect(isToolgateError(error) && error.code).toBe("INVALID_ARGUMENT");
    expect(String(error)).toMatch(/already guards 2 distinct tool names \(caps\.tools\)/);
    const again = agent.guard(recordingTool("a").tool);
    expect(await again.call({})).toEqual({ ok: true, input: {} });
    expect(() => createGate({ policy, caps: { tools: -1 } })).toThrow(/`caps.tools` must be a positive integer/);
  });

  it.each([
    ["a megabyte call id", { callId: "x".repeat(1_048_576) }, /`callId` must be at most 256 characters/],
    ["a conversation id with a newline", { conversationId: "c1\nFORGED" }, /must not contain control characters/],
    ["a conversation id with a bidi override", { conversationId: "c\u202e1" }, /invisible, control or bidi/],
    [
      "an object made from AbortSignal's prototype",
      { signal: Object.create(AbortSignal.prototype) },
      /`signal` must be an AbortSignal/,
    ],
  ])("call options with %s are refused as a rejected promise", async (_, options, message) => {
    const guarded = createGate({ policy }).agent({ name: "bot", owner: "team" }).guard(recordingTool("t").tool);
    let returned: Promise<unknown> | undefined;
    expect(() => {
      returned = guarded.call({}, options as never);
    }).not.toThrow();
    await expect(returned).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringMatching(message) });
  });
});

describe("inputs are bounded", () => {
  const guard = (maxInputBytes?: number) =>
    createGate({ policy })
      .agent({ name: "bot", owner: "team" })
      .guard(defineTool({ name: "t", input: passthroughSchema(), maxInputBytes, execute: () => "ran" }));

  it("an input over the tool's size limit (1 MiB by default) is INVALID_INPUT, before any decision", async () => {
    const big = await guard().safeCall({ blob: "x".repeat(2 * 1_048_576) });
    expect(!big.ok && big.error).toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(/larger than the tool's limit/),
    });
    const small = await guard(64).safeCall({ blob: "x".repeat(100) });
    expect(!small.ok && small.error.code).toBe("INVALID_INPUT");
    expect((await guard(64).safeCall({ blob: "ok" })).ok).toBe(true);
  });

  it("deep nesting, cycles and exponential sharing are INVALID_INPUT, not a crash", async () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    let shared: unknown = "leaf";
    for (let i = 0; i < 40; i++) shared = [shared, shared]; // 2^40 paths, 80 objects
    for (const input of [deep, cycle, shared]) {
      const result = await guard().safeCall(input);
      expect(!result.ok && result.error.code).toBe("INVALID_INPUT");
    }
  });

  it("a sparse array of a billion slots is refused by its size, without walking it", async () => {
    const result = await guard().safeCall({ list: new Array(1_000_000_000) });
    expect(!result.ok && result.error.code).toBe("INVALID_INPUT");
  });
});

describe("pending approvals are bounded", () => {
  it("past the store's cap a new approval request fails closed, naming the cap", async () => {
    const store = memoryStore({ maxPendingApprovals: 2 });
    const queue = queueApprover({ store });
    const gate = createGate({
      store,
      policy: definePolicy({ rules: [{ id: "r", tools: ["t"], effect: "allow", approval: { approvers: ["owner"] } }] }),
      approvers: { owner: queue },
    });
    const guarded = gate
      .agent({ name: "bot", owner: "team" })
      .guard(defineTool({ name: "t", input: z.object({ n: z.number() }), execute: () => "ran" }));
    const waiting = [guarded.safeCall({ n: 1 }), guarded.safeCall({ n: 2 })];
    await expect.poll(async () => (await queue.pending()).length).toBe(2);
    const third = await guarded.safeCall({ n: 3 });
    expect(!third.ok && third.error).toMatchObject({
      code: "APPROVAL_FAILED",
      message: expect.stringMatching(/the cap/),
    });
    for (const request of await queue.pending()) await queue.resolve(request.id, { approved: false, by: "ops" });
    await Promise.all(waiting);
  });
});
