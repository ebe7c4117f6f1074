import { tool } from "@langchain/core/tools";
import { createAgent, fakeModel } from "langchain";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { guardTool, toolgateMiddleware } from "../../src/adapters/langchain.js";
import { createGate, definePolicy } from "../../src/index.js";

const bot = createGate({ policy: definePolicy({ rules: [] }) }).agent({ name: "bot", owner: "team" });
const readFile = tool(async ({ path }) => `contents of ${path}`, {
  name: "read_file",
  description: "Read a file",
  schema: z.object({ path: z.string() }),
});

describe("toolgate/langchain types", () => {
  it("guardTool returns the very tool type it was given", () => {
    expectTypeOf(guardTool(bot, readFile)).toEqualTypeOf<typeof readFile>();
    expectTypeOf(guardTool(bot, readFile).invoke).parameter(0).toEqualTypeOf<Parameters<typeof readFile.invoke>[0]>();
  });

  it("guarded tools and the middleware are accepted by createAgent", () => {
    const agent = createAgent({
      model: fakeModel(),
      tools: [guardTool(bot, readFile)],
      middleware: [toolgateMiddleware(bot, { risk: { read_file: "low" } })],
    });
    expectTypeOf(agent.invoke).toBeFunction();
  });
});
