import * as v from "valibot";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import {
  type AgentIdentity,
  createGate,
  type Decision,
  definePolicy,
  defineTool,
  type GuardedTool,
  type SafeResult,
  type ToolgateError,
  type ToolgateErrorCode,
} from "../src/index.js";

const gate = createGate({ policy: definePolicy({ rules: [] }) });
const agent = gate.agent({ name: "a", owner: "t" });

const refund = defineTool({
  name: "refund.issue",
  input: z.object({ orderId: z.string(), amount: z.coerce.number() }),
  execute: async ({ orderId, amount }, ctx) => {
    expectTypeOf(orderId).toEqualTypeOf<string>();
    expectTypeOf(amount).toEqualTypeOf<number>();
    expectTypeOf(ctx.agent).toEqualTypeOf<AgentIdentity>();
    expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
    return { refunded: amount };
  },
});

describe("guard keeps the tool's types", () => {
  it("input is the schema's input, output is execute's", () => {
    const guarded = agent.guard(refund);
    expectTypeOf(guarded).toEqualTypeOf<GuardedTool<typeof refund.input, { refunded: number }>>();
    expectTypeOf(guarded.call).parameter(0).toEqualTypeOf<{ orderId: string; amount: unknown }>();
    expectTypeOf(guarded.call({ orderId: "o", amount: 1 })).resolves.toEqualTypeOf<{ refunded: number }>();
    // @ts-expect-error orderId is required
    guarded.call({ amount: 1 });
    // @ts-expect-error orderId must be a string
    guarded.call({ orderId: 1, amount: 1 });
  });

  it("safeCall is a discriminated result", async () => {
    const result = await agent.guard(refund).safeCall({ orderId: "o", amount: 2 });
    expectTypeOf(result).toEqualTypeOf<SafeResult<{ refunded: number }>>();
    if (result.ok) expectTypeOf(result.value).toEqualTypeOf<{ refunded: number }>();
    else {
      expectTypeOf(result.error).toEqualTypeOf<ToolgateError>();
      expectTypeOf(result.error.code).toEqualTypeOf<ToolgateErrorCode>();
    }
  });

  it("works the same with valibot", () => {
    const tool = defineTool({ name: "v", input: v.object({ n: v.number() }), execute: ({ n }) => n > 1 });
    expectTypeOf(agent.guard(tool).call).parameter(0).toEqualTypeOf<{ n: number }>();
    expectTypeOf(agent.guard(tool).call({ n: 1 })).resolves.toEqualTypeOf<boolean>();
  });

  it("decisions and error codes are literal unions", () => {
    expectTypeOf<Decision["effect"]>().toEqualTypeOf<"allow" | "deny" | "require_approval">();
    // @ts-expect-error not a code
    const code: ToolgateErrorCode = "DENIED";
    void code;
  });

  it("a policy is typed data", () => {
    // @ts-expect-error effect must be allow or deny
    definePolicy({ rules: [{ id: "r", tools: ["t"], effect: "permit" }] });
  });
});
