// Security model 1 — what runs is what was decided: the policy, the approvers, the audit and the tool see one
// value, a plain-data snapshot read once. Getters, Proxies, toJSON, non-enumerable and symbol keys, and a
// caller changing its object while approval waits, all change nothing.
import { tool as aiTool, generateText } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardTools } from "../../src/adapters/ai.js";
import {
  type ApprovalRequest,
  createGate,
  definePolicy,
  defineTool,
  hashArguments,
  passthroughSchema,
} from "../../src/index.js";

const policy = definePolicy({
  rules: [
    { id: "data", tools: ["read"], effect: "allow", when: { path: { within: "/data" } } },
    {
      id: "small",
      tools: ["pay"],
      effect: "allow",
      when: { amount: { lte: 100 } },
      approval: { approvers: ["owner"] },
    },
  ],
});

function setup(owner = async (_request: ApprovalRequest) => ({ approved: true, by: "alice" })) {
  const gate = createGate({ policy, approvers: { owner } });
  const agent = gate.agent({ name: "bot", owner: "team" });
  const ran = vi.fn((input: unknown) => input);
  const guard = (name: string) => agent.guard(defineTool({ name, input: passthroughSchema(), execute: ran }));
  return { gate, agent, ran, guard };
}

describe("the decided value is read once", () => {
  it("a getter that shows the policy /data and the tool /etc/shadow runs once; the tool sees /data", async () => {
    const { ran, guard } = setup();
    let reads = 0;
    const input = {
      get path() {
        reads++;
        return reads === 1 ? "/data/report.txt" : "/etc/shadow";
      },
    };
    await guard("read").call(input);
    expect(reads).toBe(1);
    expect(ran.mock.calls[0]?.[0]).toEqual({ path: "/data/report.txt" });
  });

  it("a Proxy's traps run once; what it says later never reaches the tool", async () => {
    const { ran, guard } = setup();
    let gets = 0;
    const input = new Proxy({ path: "/data/a" } as Record<string, unknown>, {
      get: (target, key) =>
        typeof key === "string" && key === "path" && gets++ > 0 ? "/etc/shadow" : Reflect.get(target, key),
    });
    await guard("read").call(input);
    expect(ran.mock.calls[0]?.[0]).toEqual({ path: "/data/a" });
    expect(gets).toBe(1);
  });

  it("non-enumerable and symbol keys are dropped; an own toJSON is not plain data and is refused", async () => {
    const { ran, guard } = setup();
    const input = { path: "/data/a" };
    Object.defineProperty(input, "hidden", { value: "/etc/shadow", enumerable: false });
    (input as Record<symbol, unknown>)[Symbol("x")] = "/etc";
    await guard("read").call(input);
    expect(ran.mock.calls[0]?.[0]).toEqual({ path: "/data/a" });
    expect(Object.getOwnPropertyNames(ran.mock.calls[0]?.[0])).toEqual(["path"]);
    const lying = await guard("read").safeCall({ path: "/data/a", toJSON: () => ({ path: "/data/a" }) });
    expect(!lying.ok && lying.error).toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(/a function has no JSON form/),
    });
  });

  it("the value is frozen: the tool (or a stage) cannot change what the audit and approvers saw", async () => {
    const { guard } = setup();
    const seen: unknown[] = [];
    const tool = defineTool({
      name: "read",
      input: passthroughSchema<{ path: string; nested: { a: number } }>(),
      execute: (input) => {
        seen.push(Object.isFrozen(input), Object.isFrozen(input.nested));
        expect(() => {
          (input as { path: string }).path = "/etc";
        }).toThrow();
      },
    });
    await guard("read").call({ path: "/data" });
    await setup()
      .agent.guard(tool)
      .call({ path: "/data/x", nested: { a: 1 } });
    expect(seen).toEqual([true, true]);
  });
});

describe("approvals bind the decided value", () => {
  it("the approver's argsHash is the hash of exactly what the tool receives; a caller's later change is ignored", async () => {
    let request: ApprovalRequest | undefined;
    let release: () => void = () => {};
    const { ran, guard } = setup(
      (r) =>
        new Promise((resolve) => {
          request = r;
          release = () => resolve({ approved: true, by: "alice" });
        }),
    );
    const input = { amount: 50 };
    const call = guard("pay").call(input);
    await expect.poll(() => request).toBeDefined();
    input.amount = 1_000_000;
    release();
    await call;
    expect(ran.mock.calls[0]?.[0]).toEqual({ amount: 50 });
    expect(request?.argsHash).toBe(hashArguments(ran.mock.calls[0]?.[0]));
  });
});

describe("through the AI SDK adapter", () => {
  it("the SDK tool's execute runs on the decided value", async () => {
    const { agent } = setup();
    const execute = vi.fn(async (input: { path: string }) => `read ${input.path}`);
    const tools = guardTools(agent, { read: aiTool({ inputSchema: z.object({ path: z.string() }), execute }) });
    const model = new MockLanguageModelV4({
      doGenerate: async () => ({
        finishReason: { unified: "tool-calls", raw: undefined },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
        },
        content: [
          { type: "tool-call", toolCallId: "c1", toolName: "read", input: JSON.stringify({ path: "/data/a" }) },
        ],
        warnings: [],
      }),
    });
    await generateText({ model, tools, prompt: "read it" });
    expect(execute.mock.calls[0]?.[0]).toEqual({ path: "/data/a" });
    expect(Object.isFrozen(execute.mock.calls[0]?.[0])).toBe(true);
  });
});
