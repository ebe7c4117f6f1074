import { generateText, streamText, type ToolSet, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { createUserApproval, type GuardToolsOptions, guardTools } from "../../src/adapters/ai.js";
import { type Agent, createGate, definePolicy } from "../../src/index.js";

declare const agent: Agent;
const weather = tool({
  description: "Get the weather",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, forecast: "sunny" as const }),
});
const progress = tool({
  inputSchema: z.object({}),
  async *execute() {
    yield { pct: 50 };
  },
});
const tools = { weather, progress };
const model = new MockLanguageModelV4();

describe("toolgate/ai types", () => {
  it("returns exactly the tool set type it was given", () => {
    expectTypeOf(guardTools(agent, tools)).toEqualTypeOf<typeof tools>();
    expectTypeOf(guardTools(agent, tools).weather.execute).toEqualTypeOf(weather.execute);
  });

  it("is accepted wherever the original tools were", () => {
    const guarded = guardTools(agent, tools);
    void generateText({ model, tools: guarded, prompt: "hi" });
    void streamText({ model, tools: guarded, prompt: "hi" });
  });

  it("accepts the approval hook as toolApproval", () => {
    const approvals = createUserApproval();
    const gate = createGate({ policy: definePolicy({ rules: [] }), approvers: { user: approvals.approver } });
    void generateText({
      model,
      tools: guardTools(agent, tools),
      prompt: "hi",
      toolApproval: approvals.toolApproval(gate),
    });
  });

  it("checks options against the tool names", () => {
    expectTypeOf<GuardToolsOptions<typeof tools>["tools"]>().toEqualTypeOf<
      | {
          weather?: { risk?: "low" | "medium" | "high" | "critical"; tags?: readonly string[] };
          progress?: { risk?: "low" | "medium" | "high" | "critical"; tags?: readonly string[] };
        }
      | undefined
    >();
    // @ts-expect-error: there is no tool named "wether"
    guardTools(agent, tools, { tools: { wether: { risk: "high" } } });
    // @ts-expect-error: not a risk level
    guardTools(agent, tools, { risk: "extreme" });
    // @ts-expect-error: not a tool set
    guardTools(agent, [weather]);
    expectTypeOf(guardTools<ToolSet>)
      .parameter(1)
      .toEqualTypeOf<ToolSet>();
  });
});
