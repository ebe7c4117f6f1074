// Hostile input through the public entry points: random JSON and random JS values (getters that throw or lie,
// Proxies, cycles, huge and deep values) never crash the process, never run a tool the policy refuses, and a
// tool that runs always receives frozen plain data.
import { tool as langchainTool } from "@langchain/core/tools";
import { tool as aiTool } from "ai";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardTools } from "../../src/adapters/ai.js";
import { guardTool } from "../../src/adapters/langchain.js";
import { createGate, definePolicy, defineTool, isToolgateError, passthroughSchema } from "../../src/index.js";

const RUNS = process.env.CI ? 10_000 : 1_000;
const policy = definePolicy({
  rules: [
    { id: "open", tools: ["open"], effect: "allow" },
    { id: "never", tools: ["forbidden"], effect: "deny" },
  ],
});

/** Values no JSON parser produces: accessors that throw or lie, Proxies, cycles, deep and wide shapes. */
const hostile = fc.oneof(
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
  }),
  fc.string().map((key) =>
    Object.defineProperty({}, key || "k", {
      enumerable: true,
      get: () => {
        throw new Error("trap");
      },
    }),
  ),
  fc.integer().map((n) => {
    let reads = 0;
    return {
      get amount() {
        return reads++ === 0 ? n : Number.NaN;
      },
    };
  }),
  fc.constant(
    new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error("trap");
        },
      },
    ),
  ),
  fc.constant(new Proxy({ a: 1 }, { getPrototypeOf: () => Array.prototype })),
  fc.constant(
    (() => {
      const cycle: Record<string, unknown> = {};
      cycle.self = [cycle];
      return cycle;
    })(),
  ),
  fc.integer({ min: 60, max: 5_000 }).map((depth) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  }),
  fc.constant({ blob: "x".repeat(2_000_000) }),
  fc.constant(() => "a function"),
  fc.constant(Symbol("s")),
);

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on("unhandledRejection", onUnhandled));
afterAll(() => process.off("unhandledRejection", onUnhandled));

const isPlainFrozen = (value: unknown): boolean =>
  typeof value !== "object" ||
  value === null ||
  value instanceof Uint8Array ||
  (Object.isFrozen(value) && Object.values(value).every(isPlainFrozen));

describe("hostile input", () => {
  it("call and safeCall: a refused tool never runs; a tool that runs gets frozen plain data; nothing escapes", async () => {
    const gate = createGate({ policy });
    const agent = gate.agent({ name: "bot", owner: "team" });
    const forbiddenRan = vi.fn();
    const received: unknown[] = [];
    const forbidden = agent.guard(defineTool({ name: "forbidden", input: passthroughSchema(), execute: forbiddenRan }));
    const open = agent.guard(
      defineTool({ name: "open", input: passthroughSchema(), execute: (input) => void received.push(input) }),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (input) => {
        const refused = await forbidden.safeCall(input as never);
        expect(!refused.ok && isToolgateError(refused.error)).toBe(true);
        await expect(forbidden.call(input as never)).rejects.toSatisfy(isToolgateError);
        const result = await open.safeCall(input as never);
        if (!result.ok) expect(result.error.code).toBe("INVALID_INPUT");
      }),
      { numRuns: RUNS },
    );
    expect(forbiddenRan).not.toHaveBeenCalled();
    expect(received.every(isPlainFrozen)).toBe(true);
    expect(unhandled).toEqual([]);
  }, 120_000);

  it("the AI SDK and LangChain adapters: hostile input to a guarded tool never reaches a refused tool", async () => {
    unhandled = [];
    const gate = createGate({ policy });
    const agent = gate.agent({ name: "bot", owner: "team" });
    const ran = vi.fn(async () => "ran");
    const ai = guardTools(agent, { forbidden: aiTool({ inputSchema: z.any(), execute: ran }) });
    const lc = guardTool(agent, langchainTool(ran, { name: "forbidden", schema: z.any() }));
    await fc.assert(
      fc.asyncProperty(hostile, async (input) => {
        const options = { toolCallId: "c", messages: [], abortSignal: new AbortController().signal };
        await Promise.resolve(ai.forbidden.execute?.(input as never, options as never)).catch(() => undefined);
        await lc.invoke(input as never).catch(() => undefined);
      }),
      { numRuns: Math.min(RUNS, 1_000) },
    );
    expect(ran).not.toHaveBeenCalled();
    expect(unhandled).toEqual([]);
  }, 120_000);
});
