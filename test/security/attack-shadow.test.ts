// Attacks on shadow mode. Shadow mode lets calls through that the policy would refuse, so whoever could put an
// agent in shadow would switch its policy off. Only host code can (createGate, gate.agent); a delegate, a tool
// input, call options, a remote MCP client or a policy file cannot; and what shadow never lifts (suspension,
// invalid input) holds, approvers are never asked, and the record cannot pass a shadow call for a real allow.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardServer } from "../../src/adapters/mcp.js";
import {
  type Agent,
  createGate,
  definePolicy,
  defineTool,
  loadPolicy,
  memorySink,
  queueApprover,
  verifyAudit,
} from "../../src/index.js";
import { linkedClient } from "../adapters/fixtures/mcp.js";
import { recordingTool } from "../helpers.js";

const policy = definePolicy({
  rules: [
    { id: "read", tools: ["crm.read"], effect: "allow" },
    { id: "never-drop", tools: ["db.drop"], effect: "deny" },
  ],
});
const refusedCode = async (agent: Agent, name: string, input: unknown = {}, options?: object) => {
  const result = await agent.guard(recordingTool(name).tool).safeCall(input as object, options);
  return result.ok ? "ran" : result.error.code;
};

describe("a compromised agent cannot put itself in shadow", () => {
  it("a delegate cannot set a mode, and a delegate of an enforced agent is enforced", async () => {
    const gate = createGate({ policy });
    const bot = gate.agent({ name: "bot", owner: "team" });
    const options = { name: "helper", tools: ["*"], mode: "shadow" } as Parameters<Agent["delegate"]>[0];
    expect(() => bot.delegate(options)).toThrow(/a delegate runs in its root agent's mode/);
    const helper = bot.delegate({ name: "helper", tools: ["*"] });
    expect(helper.mode).toBe("enforce");
    expect(await refusedCode(helper, "db.drop")).toBe("TOOL_DENIED");
  });

  it("a tool input or call options naming a mode change nothing", async () => {
    const gate = createGate({ policy });
    const bot = gate.agent({ name: "bot", owner: "team" });
    const passthrough = defineTool({ name: "db.drop", input: z.object({}).passthrough(), execute: () => "dropped" });
    const guarded = bot.guard(passthrough);
    const callOptions = { mode: "shadow" } as Parameters<typeof guarded.safeCall>[1];
    const dropped = await guarded.safeCall({ mode: "shadow", shadow: true }, callOptions);
    expect(!dropped.ok && dropped.error.code).toBe("TOOL_DENIED");
    expect(await refusedCode(bot, "db.drop", {}, { mode: "shadow", shadow: true })).toBe("TOOL_DENIED");
  });

  it("the agent object cannot be switched to shadow, nor a forged one used", async () => {
    const gate = createGate({ policy });
    const bot = gate.agent({ name: "bot", owner: "team" });
    expect(() => Object.assign(bot, { mode: "shadow" })).toThrow(TypeError);
    expect(bot.mode).toBe("enforce");
    const forged = Object.create(Object.getPrototypeOf(bot), {
      ...Object.getOwnPropertyDescriptors(bot),
      mode: { value: "shadow" },
    }) as Agent;
    expect(await gate.check(forged, "db.drop", {})).toMatchObject({ effect: "deny" });
  });

  it("gate.agent refuses a mode it does not know rather than guess", () => {
    const gate = createGate({ policy });
    expect(() => gate.agent({ name: "bot", owner: "team", mode: "Shadow" as "shadow" })).toThrow(/`mode` must be/);
    expect(() => createGate({ policy, mode: "off" as "shadow" })).toThrow(/`mode` must be/);
  });

  it("a remote MCP client cannot ask for shadow mode in its arguments or _meta", async () => {
    const gate = createGate({ policy });
    const bot = gate.agent({ name: "bot", owner: "team" });
    const ran = vi.fn();
    const server = new McpServer({ name: "db", version: "1.0.0" });
    server.registerTool("db.drop", { inputSchema: { mode: z.string().optional() } }, async () => {
      ran();
      return { content: [{ type: "text" as const, text: "dropped" }] };
    });
    guardServer(server, { gate, identify: () => bot });
    const { client } = await linkedClient(server, "remote");
    const result = await client.callTool({ name: "db.drop", arguments: { mode: "shadow" }, _meta: { mode: "shadow" } });
    expect(result.isError).toBe(true);
    expect(ran).not.toHaveBeenCalled();
  });

  it("a policy file with `mode: shadow` on one rule shadows that rule only", async () => {
    const loaded = await loadPolicy(`
rules:
  - { id: read, tools: ["crm.read", "db.read"], effect: allow }
  - { id: trial-deny, tools: ["db.read"], effect: deny, mode: shadow }
  - { id: never-drop, tools: ["db.drop"], effect: deny }
`);
    const bot = createGate({ policy: loaded }).agent({ name: "bot", owner: "team" });
    expect(await refusedCode(bot, "db.read")).toBe("ran");
    expect(await refusedCode(bot, "db.drop")).toBe("TOOL_DENIED");
    expect(await refusedCode(bot, "shell.exec")).toBe("TOOL_DENIED");
  });
});

describe("what shadow mode never lifts", () => {
  it("suspension stops a shadow agent, by id or by name, and its delegates, before anything runs", async () => {
    const gate = createGate({ policy, mode: "shadow" });
    const bot = gate.agent({ name: "bot", owner: "team" });
    const helper = bot.delegate({ name: "helper", tools: ["*"] });
    await gate.suspend(bot.id, "incident");
    expect([await refusedCode(bot, "crm.read"), await refusedCode(helper, "db.drop")]).toEqual([
      "AGENT_SUSPENDED",
      "AGENT_SUSPENDED",
    ]);
    await gate.resume(bot.id);
    await gate.suspend({ name: "BOT" }, "incident");
    expect(await refusedCode(gate.agent({ name: "bot", owner: "team" }), "crm.read")).toBe("AGENT_SUSPENDED");
  });

  it("invalid input is refused in shadow mode, as is input that is not plain data", async () => {
    const bot = createGate({ policy, mode: "shadow" }).agent({ name: "bot", owner: "team" });
    expect(await refusedCode(bot, "crm.read", { amount: "ten" })).toBe("INVALID_INPUT");
    expect(await refusedCode(bot, "crm.read", { note: new Map() })).toBe("INVALID_INPUT");
  });

  it("input over the tool's size cap is refused in shadow mode, and the tool never runs", async () => {
    const bot = createGate({ policy, mode: "shadow" }).agent({ name: "bot", owner: "team" });
    const ran = vi.fn();
    const small = defineTool({
      name: "crm.read",
      input: z.object({ note: z.string() }),
      maxInputBytes: 64,
      execute: ran,
    });
    const refused = await bot.guard(small).safeCall({ note: "x".repeat(1_000) });
    expect(!refused.ok && refused.error.code).toBe("INVALID_INPUT");
    expect(ran).not.toHaveBeenCalled();
  });

  it("a host stage's refusal still refuses: stages are host code, not the policy under trial", async () => {
    const gate = createGate({ policy, mode: "shadow" });
    gate.use(async function businessHours() {
      throw new Error("closed");
    });
    expect(await refusedCode(gate.agent({ name: "bot", owner: "team" }), "crm.read")).toBe("TOOL_DENIED");
  });

  it("approvers are never asked in shadow mode: no request is queued, the record says it would have asked", async () => {
    const sink = memorySink();
    const owner = queueApprover();
    const gate = createGate({
      policy: definePolicy({
        rules: [{ id: "refunds", tools: ["refund.issue"], effect: "allow", approval: { approvers: ["owner"] } }],
      }),
      approvers: { owner },
      mode: "shadow",
      audit: { sink },
    });
    const bot = gate.agent({ name: "bot", owner: "team" });
    await bot.guard(recordingTool("refund.issue", { risk: "critical" }).tool).call({ amount: 9_999 });
    expect(await owner.pending()).toEqual([]);
    const begin = sink.lines.map((line) => JSON.parse(line)).find((entry) => entry.kind === "begin");
    expect(begin).toMatchObject({
      approvals: [],
      decision: { rule: "shadow-mode", shadow: { effect: "require_approval" } },
    });
  });
});

describe("the record tells a shadow call from a real allow", () => {
  it("a shadow call's ledger entry says shadow; a real allow's does not; removing it breaks the chain", async () => {
    const sink = memorySink();
    const gate = createGate({ policy, audit: { sink } });
    const enforced = gate.agent({ name: "bot", owner: "team" });
    const trial = gate.agent({ name: "trial", owner: "team", mode: "shadow" });
    await enforced.guard(recordingTool("crm.read").tool).call({});
    await trial.guard(recordingTool("db.drop").tool).call({});
    await gate.close();
    const begins = sink.lines.map((line) => JSON.parse(line)).filter((entry) => entry.kind === "begin");
    expect(begins.map((entry) => [entry.agent.name, entry.decision.rule, entry.decision.shadow?.rule])).toEqual([
      ["bot", "read", undefined],
      ["trial", "shadow-mode", "never-drop"],
    ]);
    expect(verifyAudit(sink.text()).ok).toBe(true);
    // Pass the shadow call off as an allow by rule `read`: the entry's hash no longer matches.
    const forged = sink.lines.map((line) => {
      const entry = JSON.parse(line);
      if (entry.kind !== "begin" || !entry.decision.shadow) return line;
      entry.decision = { effect: "allow", rule: "read", reason: "allowed by rule read" };
      return JSON.stringify(entry);
    });
    const report = verifyAudit(`${forged.join("\n")}\n`);
    expect(report.ok).toBe(false);
  });
});
