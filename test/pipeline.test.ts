import * as v from "valibot";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createGate, definePolicy, defineTool, isToolgateError, type Stage, ToolgateError } from "../src/index.js";
import { recordingTool } from "./helpers.js";

const policy = definePolicy({
  rules: [
    { id: "payments", agents: ["bot"], tools: ["pay.*"], effect: "allow", when: { amount: { lte: 100 } } },
    { id: "tests", agents: ["bot"], tools: ["t.*"], effect: "allow" },
  ],
});

function setup() {
  const gate = createGate({ policy });
  const agent = gate.agent({ name: "bot", owner: "team" });
  return { gate, agent };
}

describe("guarded calls", () => {
  it("keeps the tool's name, description and schema, and runs it with validated input and context", async () => {
    const { agent } = setup();
    const execute = vi.fn(async (input: { amount: number }, ctx) => ({
      paid: input.amount,
      callId: ctx.callId,
      by: ctx.agent.id,
    }));
    const tool = defineTool({
      name: "pay.out",
      description: "Pay",
      input: z.object({ amount: z.coerce.number() }),
      execute,
    });
    const guarded = agent.guard(tool);
    expect([guarded.name, guarded.description, guarded.input]).toEqual([tool.name, tool.description, tool.input]);
    await expect(
      guarded.call({ amount: "20" as never }, { callId: "call-1", conversationId: "conv-1" }),
    ).resolves.toEqual({
      paid: 20,
      callId: "call-1",
      by: agent.id,
    });
    expect(execute.mock.calls[0]?.[1]).toMatchObject({
      conversationId: "conv-1",
      agent: { name: "bot", owner: "team" },
    });
  });

  it("accepts any Standard Schema: valibot too", async () => {
    const { agent } = setup();
    const tool = defineTool({
      name: "pay.v",
      input: v.object({ amount: v.number() }),
      execute: ({ amount }) => amount * 2,
    });
    await expect(agent.guard(tool).call({ amount: 21 })).resolves.toBe(42);
    const refused = await agent.guard(tool).safeCall({ amount: "x" as never });
    expect(!refused.ok && refused.error.code).toBe("INVALID_INPUT");
    expect(!refused.ok && refused.error.message).toMatch(/amount: Invalid type/);
  });

  it("safeCall returns a discriminated result; call throws the ToolgateError", async () => {
    const { agent } = setup();
    const { tool, ran } = recordingTool("pay.out");
    const guarded = agent.guard(tool);
    expect(await guarded.safeCall({ amount: 5 })).toEqual({
      ok: true,
      value: { ok: true, input: { amount: 5 } },
    });
    const refused = await guarded.safeCall({ amount: 500 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error).toBeInstanceOf(ToolgateError);
      expect(refused.error).toMatchObject({
        code: "TOOL_DENIED",
        tool: "pay.out",
        agentId: agent.id,
        decision: { rule: "default-deny" },
      });
      expect(refused.error.message).toMatch(/may not call "pay.out".*change the policy/);
    }
    await expect(guarded.call({ amount: 500 })).rejects.toMatchObject({ code: "TOOL_DENIED" });
    expect(ran).toHaveLength(1);
  });

  it("call rethrows the tool's own error unchanged; safeCall wraps it as TOOL_FAILED with the cause", async () => {
    const { agent, gate } = setup();
    const boom = new RangeError("upstream 500");
    const tool = defineTool({
      name: "t.boom",
      input: z.object({}),
      execute: () => {
        throw boom;
      },
    });
    await expect(agent.guard(tool).call({})).rejects.toBe(boom);
    const result = await agent.guard(tool).safeCall({});
    expect(!result.ok && result.error).toMatchObject({ code: "TOOL_FAILED", cause: boom });
    expect((await gate.inventory())[0]).toMatchObject({ failures: 2, denials: 0 });
  });

  it("refuses a suspended agent before validating, and invalid input before the policy", async () => {
    const { agent, gate } = setup();
    const { tool } = recordingTool("nope.never");
    const invalid = await agent.guard(tool).safeCall({ amount: "bad" as never });
    expect(!invalid.ok && invalid.error.code).toBe("INVALID_INPUT");
    await gate.suspend(agent.id, "incident 42");
    const suspended = await agent.guard(tool).safeCall({ amount: "bad" as never });
    expect(!suspended.ok && suspended.error).toMatchObject({
      code: "AGENT_SUSPENDED",
      decision: { rule: "suspended" },
    });
  });

  it("an aborted signal refuses before the tool runs, and reaches the running tool", async () => {
    const { agent } = setup();
    const { tool, ran } = recordingTool("t.run");
    const controller = new AbortController();
    controller.abort();
    const refused = await agent.guard(tool).safeCall({}, { signal: controller.signal });
    expect(!refused.ok && refused.error.code).toBe("ABORTED");
    expect(ran).toHaveLength(0);

    const live = new AbortController();
    const slow = defineTool({
      name: "t.slow",
      input: z.object({}),
      execute: (_, ctx) =>
        new Promise((_, reject) =>
          ctx.signal.addEventListener("abort", () => reject(new Error("stopped")), { once: true }),
        ),
    });
    const pending = agent.guard(slow).call({}, { signal: live.signal });
    live.abort();
    await expect(pending).rejects.toThrow("stopped");
  });

  it("suspension aborts a running call's signal", async () => {
    const { agent, gate } = setup();
    let seen: unknown;
    const slow = defineTool({
      name: "t.slow",
      input: z.object({}),
      execute: (_, ctx) =>
        new Promise((_, reject) =>
          ctx.signal.addEventListener("abort", () => {
            seen = ctx.signal.reason;
            reject(ctx.signal.reason);
          }),
        ),
    });
    const pending = agent.guard(slow).call({});
    await Promise.resolve();
    await gate.suspend(agent.id, "kill switch");
    await expect(pending).rejects.toMatchObject({ code: "AGENT_SUSPENDED" });
    expect(isToolgateError(seen)).toBe(true);
  });
});

describe("stages", () => {
  it("gate.use adds a stage after validation and before the policy; after next() it sees the decision", async () => {
    const { agent, gate } = setup();
    const seen: unknown[] = [];
    gate.use(async (call, next) => {
      seen.push(call.input, call.decision);
      const result = await next();
      seen.push(call.decision?.rule);
      return result;
    });
    await agent.guard(recordingTool("pay.out").tool).call({ amount: 3 });
    expect(seen).toEqual([{ amount: 3 }, undefined, "payments"]);
  });

  it("the policy decides on the input a stage leaves", async () => {
    const { agent, gate } = setup();
    gate.use(async function inflate(_call, next) {
      return next({ input: { amount: 1_000_000 } });
    });
    const { tool, ran } = recordingTool("pay.out");
    const result = await agent.guard(tool).safeCall({ amount: 3 });
    expect(!result.ok && result.error.decision?.rule).toBe("default-deny");
    expect(ran).toHaveLength(0);
  });

  it("a stage can refuse; the refusal names the stage, the agent and the tool, and is recorded", async () => {
    const { agent, gate } = setup();
    gate.use(function businessHours() {
      throw new ToolgateError({ code: "TOOL_DENIED", message: "outside business hours" });
    });
    const { tool, ran } = recordingTool("t.run");
    const result = await agent.guard(tool).safeCall({});
    expect(!result.ok && result.error).toMatchObject({
      code: "TOOL_DENIED",
      agentId: agent.id,
      tool: "t.run",
      decision: { effect: "deny", rule: "stage:businessHours", reason: "outside business hours" },
    });
    expect(ran).toHaveLength(0);
    expect((await gate.inventory())[0]?.denials).toBe(1);
  });

  it("a stage that answers instead of the tool (or swallows a refusal) is a PIPELINE_ERROR, recorded as denied", async () => {
    const { agent, gate } = setup();
    gate.use(async (_, next) => {
      try {
        return await next();
      } catch {
        return "looks fine";
      }
    });
    const { tool, ran } = recordingTool("nope.never");
    const result = await agent.guard(tool).safeCall({});
    expect(!result.ok && result.error.code).toBe("PIPELINE_ERROR");
    expect(!result.ok && result.error.decision?.rule).toBe("default-deny");
    expect(ran).toHaveLength(0);
    expect((await gate.inventory())[0]).toMatchObject({ allowed: 0, denials: 1 });
  });

  it("a guarded tool's execute goes through the gate too", async () => {
    const { agent } = setup();
    const { tool, ran } = recordingTool("db.drop");
    const guarded = agent.guard(tool);
    await expect(guarded.execute({}, undefined as never)).rejects.toMatchObject({ code: "TOOL_DENIED" });
    expect(ran).toHaveLength(0);
  });

  it("calling next() twice is an error, and the tool runs once", async () => {
    const { agent, gate } = setup();
    const twice: Stage = async (_, next) => {
      await next();
      return next();
    };
    gate.use(twice);
    const { tool, ran } = recordingTool("t.run");
    await expect(agent.guard(tool).call({})).rejects.toMatchObject({ code: "PIPELINE_ERROR" });
    expect(ran).toHaveLength(1);
  });

  it("refuses a stage that is not a function", () => {
    expect(() => setup().gate.use("nope" as never)).toThrow(/a stage must be a function/);
  });
});

describe("defineTool", () => {
  it.each([
    [{ name: "", input: z.object({}), execute: () => 1 }, /`name` must be a non-empty string/],
    [{ name: "x", input: {}, execute: () => 1 }, /must be a Standard Schema/],
    [{ name: "x", input: z.object({}) }, /`execute` must be a function/],
    [
      { name: "x", input: z.object({}), execute: () => 1, risk: "extreme" },
      /`risk` must be one of low, medium, high, critical/,
    ],
    [{ name: "x", input: z.object({}), execute: () => 1, tags: [""] }, /`tags` must be an array of non-empty strings/],
  ] as [unknown, RegExp][])("rejects bad options %#", (options, message) => {
    expect(() => defineTool(options as never)).toThrow(message);
  });

  it("defaults risk to medium and type to function", () => {
    const tool = defineTool({ name: "x", input: z.object({}), execute: () => 1 });
    expect([tool.risk, tool.type, tool.tags]).toEqual(["medium", "function", []]);
    expect(Object.isFrozen(tool)).toBe(true);
  });
});

describe("errors", () => {
  it("isToolgateError recognises errors from another copy of the package", () => {
    const foreign = new Error("x");
    Object.defineProperty(foreign, Symbol.for("toolgate.error"), { value: true });
    expect(isToolgateError(foreign)).toBe(true);
    expect(isToolgateError(new Error("x"))).toBe(false);
    expect(isToolgateError({ code: "TOOL_DENIED" })).toBe(false);
  });
});
