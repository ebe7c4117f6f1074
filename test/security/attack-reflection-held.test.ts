// Attacks that held (pinned): the reflective reads that open toolgate/mcp and toolgate/langchain (see
// attack-mcp-client and attack-langchain) find nothing on the AI SDK and OpenAI Agents adapters, which build
// a new object instead of a Proxy: every own property that can run the tool is the gated one.
import { tool as openaiTool } from "@openai/agents";
import { tool as aiTool } from "ai";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardTools as guardAiTools } from "../../src/adapters/ai.js";
import { guardTool as guardOpenAiTool } from "../../src/adapters/openai-agents.js";
import { createGate, definePolicy } from "../../src/index.js";

const policy = definePolicy({ rules: [{ id: "no-drop", tools: ["drop_db"], effect: "deny" }] });

describe("no own property of a guarded tool runs it ungated", () => {
  it("AI SDK: every function-valued own property of the guarded tool refuses drop_db", async () => {
    const bot = createGate({ policy }).agent({ name: "ops-bot", owner: "team" });
    const execute = vi.fn(async () => "dropped");
    const { drop_db: guarded } = guardAiTools(bot, { drop_db: aiTool({ inputSchema: z.object({}), execute }) });
    const tried: string[] = [];
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(guarded))) {
      if (typeof descriptor.value !== "function" || key === "inputSchema") continue;
      tried.push(key);
      await Promise.resolve()
        .then(() => descriptor.value.call(guarded, {}, { toolCallId: "c1", messages: [] }))
        .catch(() => undefined);
    }
    expect(tried).toContain("execute");
    expect(execute).not.toHaveBeenCalled();
  });

  it("OpenAI Agents: the invoke found by reflection is the gated one", async () => {
    const bot = createGate({ policy }).agent({ name: "ops-bot", owner: "team" });
    const execute = vi.fn(async () => "dropped");
    const guarded = guardOpenAiTool(
      bot,
      openaiTool({ name: "drop_db", description: "drop", parameters: z.object({}), execute }),
    );
    const invoke = Object.getOwnPropertyDescriptor(guarded, "invoke")?.value as typeof guarded.invoke;
    const output = await invoke({} as never, "{}");
    expect(String(output)).toMatch(/TOOL_DENIED/);
    expect(execute).not.toHaveBeenCalled();
  });
});
