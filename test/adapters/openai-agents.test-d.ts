import { Agent, type RunContext, tool, webSearchTool } from "@openai/agents";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { createRunApproval, type GuardOptions, guardTool, guardTools } from "../../src/adapters/openai-agents.js";
import { createGate, definePolicy, type Agent as ToolgateAgent } from "../../src/index.js";

declare const agent: ToolgateAgent;
const weather = tool({
  name: "weather",
  description: "Get the weather",
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `sunny in ${city}`,
});
const typedContext = tool({
  name: "lookup",
  description: "Look up",
  parameters: z.object({ id: z.string() }),
  execute: async ({ id }, runContext?: RunContext<{ user: string }>) => `${id} for ${runContext?.context.user}`,
});

describe("toolgate/openai-agents types", () => {
  it("returns exactly the tool type it was given", () => {
    expectTypeOf(guardTool(agent, weather)).toEqualTypeOf(weather);
    expectTypeOf(guardTool(agent, typedContext)).toEqualTypeOf(typedContext);
    const list = [weather, webSearchTool()] as const;
    expectTypeOf(guardTools(agent, list)).toEqualTypeOf(list);
  });

  it("is accepted wherever the original tools were", () => {
    new Agent({ name: "bot", tools: [guardTool(agent, weather)] });
    new Agent({ name: "bot", tools: guardTools(agent, [weather, webSearchTool()]) });
    new Agent<{ user: string }>({ name: "bot", tools: [guardTool(agent, typedContext)] });
  });

  it("accepts the approval hook and checks its options", () => {
    const approvals = createRunApproval();
    const gate = createGate({ policy: definePolicy({ rules: [] }), approvers: { user: approvals.approver } });
    guardTools(agent, [weather], { needsApproval: approvals.needsApproval(gate), refusal: "throw" });
    // @ts-expect-error: "error" is the AI SDK adapter's mode; here a refusal is a result or a throw
    guardTool(agent, weather, { refusal: "error" } satisfies GuardOptions);
    // @ts-expect-error: a hosted tool has no invoke to gate
    guardTool(agent, webSearchTool());
  });
});
