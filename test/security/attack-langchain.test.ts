// Attacks on toolgate/langchain (invariants 1, 7 and 8): the guarded tool's Proxy traps only `get`, so a
// property descriptor hands out the dynamic tool's own `func`; the gate decides on the arguments as given
// while LangChain then runs the tool on its schema's output (a coercing schema turns "1" into 1); and the
// middleware guards, and keeps, every tool name a model makes up.
import { tool } from "@langchain/core/tools";
import { AIMessage, createAgent, fakeModel, HumanMessage } from "langchain";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardTool, toolgateMiddleware } from "../../src/adapters/langchain.js";
import { createGate, definePolicy } from "../../src/index.js";

const policy = definePolicy({
  rules: [
    { id: "users", agents: ["ops-bot"], tools: ["*"], effect: "allow" },
    { id: "no-drop", tools: ["drop_db"], effect: "deny" },
    // The administrator's account (id 1) must never be deleted.
    { id: "not-the-admin", tools: ["delete_user"], effect: "deny", when: { id: { eq: 1 } } },
  ],
});

function setup() {
  const gate = createGate({ policy });
  const bot = gate.agent({ name: "ops-bot", owner: "team-ops" });
  return { gate, bot };
}

type Func = (input: unknown) => Promise<unknown>;

describe("a guarded LangChain tool has no reflective side door", () => {
  // Attack: Object.getOwnPropertyDescriptor skips the Proxy's get trap and returns the raw `func`.
  it("the dynamic tool's own func cannot be read through a property descriptor", async () => {
    const { bot } = setup();
    const drops = vi.fn(async () => "dropped");
    const guarded = guardTool(bot, tool(drops, { name: "drop_db", schema: z.object({}) }));
    const func = Object.getOwnPropertyDescriptor(guarded, "func")?.value as Func | undefined;
    await func?.({}).catch(() => undefined);
    expect(drops).not.toHaveBeenCalled();
  });

  // Attack: the same through lc_kwargs, whose gated Proxy is installed only for `get` as well.
  it("lc_kwargs.func cannot be read through a property descriptor either", async () => {
    const { bot } = setup();
    const drops = vi.fn(async () => "dropped");
    const guarded = guardTool(bot, tool(drops, { name: "drop_db", schema: z.object({}) }));
    const kwargs = Object.getOwnPropertyDescriptor(guarded, "lc_kwargs")?.value as { func?: Func } | undefined;
    await kwargs?.func?.({}).catch(() => undefined);
    expect(drops).not.toHaveBeenCalled();
  });
});

describe("a guarded LangChain tool cannot be rewired", () => {
  // Attack: copy the tool's own properties (spread, getOwnPropertyDescriptors) and call the copied func.
  it("copies of the tool's own properties hold only the gated func", async () => {
    const { bot } = setup();
    const drops = vi.fn(async () => "dropped");
    const guarded = guardTool(bot, tool(drops, { name: "drop_db", schema: z.object({}) }));
    const spread = { ...guarded } as unknown as { func: Func; lc_kwargs: { func: Func } };
    const described = Object.getOwnPropertyDescriptors(guarded) as Record<string, PropertyDescriptor>;
    for (const func of [spread.func, spread.lc_kwargs.func, described.func?.value as Func]) {
      await expect(func({})).rejects.toMatchObject({ code: "TOOL_DENIED" });
    }
    expect(drops).not.toHaveBeenCalled();
  });

  // Attack: redefine, assign or delete the gated entry points, so the next reader gets something else.
  it("the gated entry points cannot be redefined, assigned or deleted", async () => {
    const { bot } = setup();
    const drops = vi.fn(async () => "dropped");
    const guarded = guardTool(bot, tool(drops, { name: "drop_db", schema: z.object({}) }));
    const open = guarded as unknown as Record<string, unknown>;
    expect(() => Object.defineProperty(guarded, "func", { value: drops })).toThrow(TypeError);
    expect(() => {
      open.invoke = drops;
    }).toThrow(TypeError);
    expect(() => delete open.lc_kwargs).toThrow(TypeError);
    await expect(guarded.invoke({})).rejects.toMatchObject({ code: "TOOL_DENIED" });
    await expect((open.func as Func)({})).rejects.toMatchObject({ code: "TOOL_DENIED" });
    expect(drops).not.toHaveBeenCalled();
  });
});

describe("what runs is what was decided, through LangChain", () => {
  // Attack: the model sends id "1" (a string); the deny rule compares with the number 1 and does not apply;
  // LangChain's schema (z.coerce.number) then hands the tool the number 1.
  it("a coercing schema cannot turn a value the policy let through into the one it denies", async () => {
    const { bot } = setup();
    const deletes = vi.fn(async ({ id }: { id: number }) => `deleted ${id}`);
    const guarded = guardTool(bot, tool(deletes, { name: "delete_user", schema: z.object({ id: z.coerce.number() }) }));
    await expect(guarded.invoke({ id: 1 })).rejects.toMatchObject({ code: "TOOL_DENIED" });
    for (const id of ["1", " 1", "1.0"]) await guarded.invoke({ id } as never).catch(() => undefined);
    expect(deletes.mock.calls.map(([input]) => input.id)).not.toContain(1);
  });
});

describe("what the model names cannot grow the gate", () => {
  // Attack: every tool name the model makes up is guarded through the middleware and kept in the inventory.
  it("a hundred made-up tool names add nothing lasting to the agent's inventory", async () => {
    const { gate, bot } = setup();
    const real = tool(async () => "ok", { name: "lookup", schema: z.object({}) });
    const calls = Array.from({ length: 100 }, (_, i) => ({ name: `ghost_${i}`, args: {}, id: `call_${i}` }));
    const model = fakeModel().respondWithTools(calls).respond(new AIMessage("done"));
    const agent = createAgent({ model, tools: [real], middleware: [toolgateMiddleware(bot)] });
    await agent.invoke({ messages: [new HumanMessage("go")] });
    const [record] = await gate.inventory();
    expect(record?.tools.length ?? 0).toBeLessThanOrEqual(10);
  });
});
