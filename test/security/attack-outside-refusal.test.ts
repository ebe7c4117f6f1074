// Attacks on the record of refusals made before the pipeline (security model 5 and 6): a hostile MCP client is
// refused as unidentified, or names tools that do not exist, and tries to make that record lie — claim a real
// agent's identity, name another call, grow without bound, forge lines or fields, leak a secret — or to make the
// verifier and the trail commands miscount it. Real McpServer and Client (SDK 1.x) over in-memory transports.

import { tool } from "@langchain/core/tools";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { AIMessage, createAgent, fakeModel, HumanMessage } from "langchain";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { toolgateMiddleware } from "../../src/adapters/langchain.js";
import { guardClient, guardServer, MCP_AGENT_ID_META_KEY, type McpRequestExtra } from "../../src/adapters/mcp.js";
import {
  type Agent,
  createGate,
  definePolicy,
  generateAuditKey,
  memorySink,
  trailInventory,
  verifyAudit,
} from "../../src/index.js";
import { linkedClient } from "../adapters/fixtures/mcp.js";
import { memoryTracing, signedGate, trailFile } from "../helpers.js";

const policy = definePolicy({ rules: [{ id: "files", agents: ["files-bot"], tools: ["*"], effect: "allow" }] });
const key = generateAuditKey();
const NO_AGENT = { id: "", name: "", owner: "", chain: [] };
type Entry = Record<string, unknown> & { kind: string; agent?: unknown; tool?: { name: string } };

/** A server whose `identify` trusts only a registry of verified client ids, and a hostile raw client. */
async function served(identify?: (extra: McpRequestExtra, bot: Agent) => Agent | undefined) {
  const tracing = memoryTracing();
  const { gate, sink, written, verified } = signedGate({ policy, tracerProvider: tracing.tracerProvider }, key);
  const bot = gate.agent({ name: "files-bot", owner: "team-files" });
  const ran = vi.fn();
  const server = new McpServer({ name: "files", version: "1.0.0" });
  server.registerTool("read_file", { inputSchema: { path: z.string() } }, async ({ path }) => {
    ran(path);
    return { content: [{ type: "text" as const, text: `contents of ${path}` }] };
  });
  guardServer(server, { gate, identify: (extra) => identify?.(extra, bot) });
  const { client, clientSide } = await linkedClient(server, "prober");
  const entries = async () => (await written<Entry>()).filter((entry) => entry.kind !== "checkpoint");
  return { gate, bot, ran, tracing, client, clientSide, sink, entries, verified };
}

const probe = (client: Client, args: Record<string, unknown>, _meta?: Record<string, unknown>) =>
  client.callTool({ name: "read_file", arguments: args, ...(_meta && { _meta }) });

describe("a hostile client cannot make the record of its refusal name a real agent", () => {
  // Attack: the client claims the real agent's id (and name, owner, chain) in `_meta`, which a careless record
  // would copy into the agent fields; `identify` does not vouch for it, so the call is unidentified.
  it("a claimed agent id, and agent-shaped `_meta`, leave the entry naming no agent", async () => {
    const s = await served();
    const claim = { id: s.bot.id, name: "files-bot", owner: "team-files", chain: [s.bot.id] };
    const result = await probe(s.client, { path: "/etc/shadow" }, { [MCP_AGENT_ID_META_KEY]: s.bot.id, agent: claim });
    expect(result.isError).toBe(true);
    expect(s.ran).not.toHaveBeenCalled();
    const [entry, ...rest] = await s.entries();
    expect(rest).toEqual([]);
    expect(entry?.agent).toEqual(NO_AGENT);
    expect(JSON.stringify(entry)).not.toContain(s.bot.id);
    const span = await s.tracing.only();
    expect(Object.values(span.attributes).map(String).join(" ")).not.toContain(s.bot.id);
    expect(span.attributes["gen_ai.agent.id"]).toBeUndefined();
  });

  // Attack: the client picks its JSON-RPC request id as the id of another call, so the refusal's record would
  // "end" that call for the verifier (a begun call with a refusal of its id counts as ended).
  it("the record's call id is the gate's own, never the client's request id", async () => {
    const s = await served();
    const chosen = "call_of_someone_else";
    const own = s.clientSide.onmessage;
    const reply = new Promise<unknown>((resolve) => {
      s.clientSide.onmessage = (message, extra) =>
        (message as { id?: unknown }).id === chosen ? resolve(message) : own?.(message, extra);
    });
    const params = { name: "read_file", arguments: { path: "/a" } };
    await s.clientSide.send({ jsonrpc: "2.0", id: chosen, method: "tools/call", params });
    expect(CallToolResultSchema.parse(((await reply) as { result: unknown }).result).isError).toBe(true);
    const [entry] = await s.entries();
    expect(entry?.callId).toMatch(/^call_/);
    expect(entry?.callId).not.toBe(chosen);
    const span = await s.tracing.only();
    expect(span.attributes["gen_ai.tool.call.id"]).toBe(entry?.callId);
  });

  it("the trail commands count no agent for it, and the ledger verifies", async () => {
    const s = await served((extra, bot) => (extra.authInfo?.clientId === "c-1" ? bot : undefined));
    for (let i = 0; i < 3; i++) await probe(s.client, { path: `/p${i}` });
    expect(await s.entries()).toHaveLength(3);
    expect(s.verified().ok).toBe(true);
    const inventory = await trailInventory([trailFile(s.sink.text())], { publicKey: key.publicKey });
    expect(inventory.verification.ok).toBe(true);
    expect(inventory.agents).toEqual([]); // three refusals, none of them an agent's
    expect(await s.gate.inventory()).toHaveLength(1); // and the gate's own inventory did not grow
  });
});

describe("a hostile client cannot grow, forge or leak through the record", () => {
  // Attack: megabytes of arguments, which a record that copied them would keep (memory, the sink, the span).
  it("huge arguments are not recorded, only hashed below 1 MiB; every entry stays small", async () => {
    const s = await served();
    await probe(s.client, { path: "x".repeat(600_000) });
    await probe(s.client, { path: "y".repeat(1_200_000) });
    const entries = await s.entries();
    expect(entries).toHaveLength(2);
    expect(entries[0]?.argsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(entries[1]?.argsHash).toBeUndefined(); // past the cap: not even hashed
    for (const line of s.sink.lines) expect(line.length).toBeLessThan(2_048);
    for (const span of await s.tracing.spans()) expect(JSON.stringify(span.attributes).length).toBeLessThan(4_096);
    expect(s.verified().ok).toBe(true);
  });

  // Attack: `__proto__` in the arguments and `_meta`, to pollute a prototype or add fields to the entry.
  it("`__proto__` in arguments or _meta pollutes nothing and adds no field", async () => {
    const s = await served();
    const hostile = JSON.parse('{"path":"/a","__proto__":{"polluted":true,"agent":{"id":"agt_root"}}}');
    await probe(s.client, hostile, JSON.parse('{"__proto__":{"polluted":true}}'));
    const [entry] = await s.entries();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(entry ?? {}).sort()).toEqual([
      "agent",
      "approvals",
      "argsHash",
      "callId",
      "clientRequestId", // the client's JSON-RPC id, bounded: the one field a request adds, and only as its claim
      "code",
      "decision",
      "hash",
      "kind",
      "prevHash",
      "seq",
      "time",
      "tool",
      "v",
      "writer",
    ]);
    expect(entry?.agent).toEqual(NO_AGENT);
  });

  // Attack: identify() fails with a message the client chose (its token, echoed), carrying a secret, a fake
  // line for a terminal, bidi overrides and megabytes.
  it("an error text from the client is bounded, escaped and redacted in the entry and the span", async () => {
    const secret = "sk_live_51HabcdefghijklmnopqrstuvWXYZ";
    const s = await served((extra) => {
      throw new Error(`bad token ${String(extra._meta?.token)}`);
    });
    const token = `${secret}\n{"kind":"begin","agent":{"id":"agt_x"}}\u202e\u001b[2J${"z".repeat(2_000_000)}`;
    await probe(s.client, { path: "/a" }, { token });
    const [entry] = await s.entries();
    const reason = (entry?.decision as { reason: string } | undefined)?.reason ?? "";
    expect(reason).not.toContain(secret);
    for (const hidden of ["\n", "\u202e", "\u001b"]) expect(reason).not.toContain(hidden);
    expect(reason).toContain("\\u{A}");
    expect(reason.length).toBeLessThan(1_024);
    const span = await s.tracing.only();
    expect(span.status.message ?? "").not.toContain(secret);
    expect((span.status.message ?? "").length).toBeLessThan(1_024);
    expect(s.sink.lines.every((line) => line.length < 2_048)).toBe(true);
    expect(s.verified().ok).toBe(true);
  });

  // Attack: a model (or a hostile server listing) names a tool that does not exist, with control characters, a
  // bidi override and a megabyte of text; its refusal is never guarded, so only this record shows it.
  it("a made-up tool name on a guarded client is recorded bounded and escaped, as the calling agent", async () => {
    const s = await served();
    const tracing = memoryTracing();
    const sink = memorySink();
    const gate = createGate({ policy, tracerProvider: tracing.tracerProvider, audit: { sink } });
    const agent = gate.agent({ name: "files-bot", owner: "team-files" });
    const client = guardClient(agent, s.client);
    const name = `evil\u001b[31m\u202e\n${"n".repeat(1_000_000)}`;
    const result = await client.callTool({ name, arguments: { path: "/a" } });
    expect(result.isError).toBe(true);
    await gate.close();
    const entries = sink.lines.map((line) => JSON.parse(line) as Entry).filter((e) => e.kind !== "checkpoint");
    expect(entries).toHaveLength(1);
    const entry = entries[0] as Entry;
    expect(entry.agent).toEqual({ id: agent.id, name: "files-bot", owner: "team-files", chain: [agent.id] });
    expect((entry.decision as { rule: string }).rule).toBe("unknown-tool");
    const recorded = entry.tool?.name ?? "";
    expect(recorded.startsWith("evil\\u{1B}[31m\\u{202E}\\u{A}nnn")).toBe(true);
    expect(recorded.length).toBeLessThan(256);
    expect((await tracing.only()).name.length).toBeLessThan(300);
    expect(verifyAudit(sink.text()).ok).toBe(true);
    // The name grew nothing: the agent's tools are the listed ones only.
    expect(await gate.inventory()).toEqual([expect.objectContaining({ tools: ["read_file"] })]);
  });

  // Attack: thousands of unidentified calls. Each leaves one bounded entry and one span; the gate keeps nothing
  // per call (no agent, no tool, no registry entry).
  it("a flood of unidentified calls leaves one small entry each and grows no gate state", async () => {
    const s = await served();
    for (let i = 0; i < 300; i++) await probe(s.client, { path: `/p/${i}`, pad: "p".repeat(10_000) });
    const entries = await s.entries();
    expect(entries).toHaveLength(300);
    expect(new Set(entries.map((entry) => entry.callId)).size).toBe(300);
    expect(s.sink.lines.every((line) => line.length < 2_048)).toBe(true);
    expect(await s.gate.inventory()).toHaveLength(1);
    expect(s.verified().ok).toBe(true);
  });

  // Attack: a LangChain model names tools the agent was never given, one of them a terminal escape and a page
  // of text; each refusal is recorded once, as the agent, the name bounded and escaped.
  it("made-up tool names through the LangChain middleware are recorded once each, bounded and escaped", async () => {
    const sink = memorySink();
    const gate = createGate({ policy, audit: { sink } });
    const bot = gate.agent({ name: "files-bot", owner: "team-files" });
    const real = tool(async () => "ok", { name: "lookup", schema: z.object({}) });
    const names = ["ghost", `\u001b]0;owned\u0007${"g".repeat(50_000)}`];
    const calls = names.map((name, i) => ({ name, args: { i }, id: `lc_${i}` }));
    const model = fakeModel().respondWithTools(calls).respond(new AIMessage("done"));
    const agent = createAgent({ model, tools: [real], middleware: [toolgateMiddleware(bot)] });
    await agent.invoke({ messages: [new HumanMessage("go")] });
    await gate.close();
    const entries = sink.lines.map((line) => JSON.parse(line) as Entry).filter((e) => e.kind !== "checkpoint");
    expect(entries.map((entry) => [entry.kind, (entry.decision as { rule: string }).rule])).toEqual([
      ["refusal", "unknown-tool"],
      ["refusal", "unknown-tool"],
    ]);
    expect(entries.every((entry) => (entry.agent as { id: string }).id === bot.id)).toBe(true);
    expect(entries[0]?.tool?.name).toBe("ghost");
    expect(entries[1]?.tool?.name.startsWith("\\u{1B}]0;owned\\u{7}ggg")).toBe(true);
    expect(sink.lines.every((line) => line.length < 2_048)).toBe(true);
    expect(verifyAudit(sink.text()).ok).toBe(true);
  });

  // Attack: agent code sends tools/call through the guarded client's transport, around callTool; the refusal is
  // recorded as that agent's, with the rule, whichever of two agents guarding one client sent it.
  it("a tools/call refused at a guarded client's side door is recorded as the agent that guarded it", async () => {
    const s = await served();
    const sink = memorySink();
    const gate = createGate({ policy, audit: { sink } });
    const first = gate.agent({ name: "files-bot", owner: "team-files" });
    const second = gate.agent({ name: "other-bot", owner: "team-files" });
    guardClient(first, s.client);
    const client = guardClient(second, s.client) as unknown as { transport: { send: (m: unknown) => Promise<void> } };
    const message = { jsonrpc: "2.0", id: 99, method: "tools/call", params: { name: "read_file", arguments: {} } };
    await expect(client.transport.send(message)).rejects.toMatchObject({ decision: { rule: "ungated-path" } });
    expect(s.ran).not.toHaveBeenCalled();
    await gate.close();
    const entries = sink.lines.map((line) => JSON.parse(line) as Entry).filter((e) => e.kind !== "checkpoint");
    expect(entries.map((entry) => [(entry.agent as { id: string }).id, entry.tool?.name, entry.code])).toEqual([
      [second.id, "read_file", "TOOL_DENIED"],
    ]);
  });
});
