// Attacks on the evidence the MCP servers leave (invariants 5 and 7): a hostile remote client chooses the JSON-RPC
// request id — it repeats one, reuses another caller's, or sends a megabyte — and probes the server with tool names
// it makes up, arguments that fail the schema (secrets in them) and requests the SDK cannot read, which the SDK
// refuses before any tool handler. Real servers and clients of both SDK majors, over their in-memory transports;
// the wire id is rewritten on the client's transport, so the SDK's own clients send what an attacker would.
import type { Client as ClientV2 } from "@modelcontextprotocol/client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpServer as McpServerV2 } from "@modelcontextprotocol/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardServer } from "../../src/adapters/mcp.js";
import { guardServer as guardServerV2 } from "../../src/adapters/mcp-v2.js";
import { type Agent, definePolicy, generateAuditKey } from "../../src/index.js";
import { linkedClient, linkedClientV2 } from "../adapters/fixtures/mcp.js";
import { memoryTracing, signedGate } from "../helpers.js";

const policy = definePolicy({ rules: [{ id: "search", agents: ["*"], tools: ["*"], effect: "allow" }] });
const key = generateAuditKey();
const NO_AGENT = { id: "", name: "", owner: "", chain: [] };
const SECRET = "sk_live_51HabcdefghijklmnopqrstuvWXYZ";

type Entry = Record<string, unknown> & { kind: string };
type Wire = { id?: unknown; method?: unknown; [key: string]: unknown };
type Transport = {
  send: (message: Wire, options?: unknown) => Promise<void>;
  onmessage?: (message: Wire, extra?: unknown) => void;
};
type Answer = { isError?: boolean; content?: unknown; rejected?: string };
type Identify = (agents: { alice: Agent; bob: Agent }, client: "alice" | "bob") => Agent | undefined;

/**
 * Makes the next `tools/call` the client sends carry `id` on the wire (and maps the answer back to the client's
 * own id): what a hostile client that writes its own JSON-RPC would send.
 */
function wireIds(transport: Transport) {
  const send = transport.send.bind(transport);
  const mine = new Map<unknown, unknown>();
  let next: { id: unknown } | undefined;
  transport.send = (message, options) => {
    if (next === undefined || message.method !== "tools/call") return send(message, options);
    mine.set(next.id, message.id);
    const rewritten = { ...message, id: next.id };
    next = undefined;
    return send(rewritten, options);
  };
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const answer = message.method === undefined && mine.has(message.id);
    const own = answer ? { ...message, id: mine.get(message.id) } : message;
    if (answer) mine.delete(message.id);
    deliver?.call(transport, own, extra);
  };
  return (id: unknown) => {
    next = { id };
  };
}

/** A server of SDK `major` per caller, all guarded by one gate with a sink and tracing. */
async function served(major: 1 | 2, identify: Identify = (agents, client) => agents[client]) {
  const tracing = memoryTracing();
  const { gate, sink, written, verified } = signedGate({ policy, tracerProvider: tracing.tracerProvider }, key);
  const agents = {
    alice: gate.agent({ name: "alice-bot", owner: "team" }),
    bob: gate.agent({ name: "bob-bot", owner: "team" }),
  };
  const ran = vi.fn();
  // The schema's own message echoes the input: a client's secret in it must still not reach the record.
  const query = z
    .string()
    .refine((value) => value.length < 40, { error: (issue) => `too long: ${String(issue.input)}` });
  const answer = (q: string) => ({ content: [{ type: "text" as const, text: `found ${q}` }] });
  const connect = async (client: "alice" | "bob", guarded = true) => {
    const options = { gate, identify: () => identify(agents, client) };
    if (major === 1) {
      const server = new McpServer({ name: "search", version: "1.0.0" });
      server.registerTool("search", { inputSchema: { q: query } }, async ({ q }) => {
        ran(client, q);
        return answer(q);
      });
      server.registerTool("retired", {}, async () => answer("retired")).disable();
      if (guarded) guardServer(server, options);
      const { client: mcp, clientSide } = await linkedClient(server, client);
      return { mcp: mcp as Client | ClientV2, transport: clientSide as unknown as Transport };
    }
    const server = new McpServerV2({ name: "search", version: "2.0.0" });
    server.registerTool("search", { inputSchema: z.object({ q: query }) }, async ({ q }) => {
      ran(client, q);
      return answer(q);
    });
    server.registerTool("retired", {}, async () => answer("retired")).disable();
    if (guarded) guardServerV2(server, options);
    const { client: mcp, clientSide } = await linkedClientV2(server, client);
    return { mcp: mcp as Client | ClientV2, transport: clientSide as unknown as Transport };
  };
  const caller = async (client: "alice" | "bob", guarded = true) => {
    const { mcp, transport } = await connect(client, guarded);
    const nextId = wireIds(transport);
    // What the client gets: a result, or (2.x, for a tool the SDK does not list) the JSON-RPC error it threw.
    const call = (name: string, args: Record<string, unknown>, id?: unknown): Promise<Answer> => {
      if (id !== undefined) nextId(id);
      return mcp.callTool({ name, arguments: args }).then(
        (result) => result as Answer,
        (error: Error) => ({ rejected: error.message }),
      );
    };
    /** A `tools/call` whose params the SDK's request schema refuses. */
    const malformed = (params: Record<string, unknown>) =>
      (mcp as Client).request({ method: "tools/call", params } as never, z.any() as never);
    return { call, malformed };
  };
  const ledger = async () => {
    const entries = await written<Entry>();
    return {
      calls: entries.filter((entry) => entry.kind !== "checkpoint"),
      report: verified(),
      lines: sink.lines,
    };
  };
  return { gate, agents, ran, tracing, caller, ledger };
}

const textOf = (result: unknown) => (result as { content: { text: string }[] }).content[0]?.text ?? "";
const callIds = (entries: Entry[]) => entries.map((entry) => entry.callId as string);

describe.each([1, 2] as const)(
  "MCP SDK %i server: the client's request id is its claim, never the call id",
  (major) => {
    // Attack: the client sends one id for two calls. Were it the call id, two begin/end pairs would share it and a
    // reviewer (or the verifier pairing them) could not tell them apart.
    it("a repeated request id gives two calls with ids of the gate's own, each recording the client's id", async () => {
      const s = await served(major);
      const alice = await s.caller("alice");
      expect(textOf(await alice.call("search", { q: "a" }, "7"))).toBe("found a");
      expect(textOf(await alice.call("search", { q: "b" }, "7"))).toBe("found b");
      const spans = await s.tracing.spans();
      expect(spans.map((span) => span.attributes["jsonrpc.request.id"])).toEqual(["7", "7"]);
      const ids = spans.map((span) => span.attributes["gen_ai.tool.call.id"]);
      expect(new Set(ids).size).toBe(2);
      expect(ids).not.toContain("7");
      const { calls, report } = await s.ledger();
      const begins = calls.filter((entry) => entry.kind === "begin");
      expect(begins.map((entry) => entry.clientRequestId)).toEqual(["7", "7"]);
      expect(new Set(callIds(begins)).size).toBe(2);
      expect(callIds(calls.filter((entry) => entry.kind === "end")).sort()).toEqual(callIds(begins).sort());
      expect(report.ok).toBe(true);
    });

    // Attack: bob reuses the request id alice's call had, hoping his call is filed under hers.
    it("another caller's request id does not make one call of two agents' calls", async () => {
      const s = await served(major);
      const alice = await s.caller("alice");
      const bob = await s.caller("bob");
      await alice.call("search", { q: "mine" }, 42);
      await bob.call("search", { q: "yours" }, 42);
      expect(s.ran.mock.calls).toEqual([
        ["alice", "mine"],
        ["bob", "yours"],
      ]);
      const { calls, report } = await s.ledger();
      const begins = calls.filter((entry) => entry.kind === "begin");
      expect(begins.map((entry) => [(entry.agent as Agent).id, entry.clientRequestId])).toEqual([
        [s.agents.alice.id, "42"],
        [s.agents.bob.id, "42"],
      ]);
      expect(begins[0]?.callId).not.toBe(begins[1]?.callId);
      expect(report.ok).toBe(true);
    });

    // Attack: a megabyte request id with control and bidi characters, for the span, the ledger and a terminal.
    it("a 1 MB request id is recorded bounded and escaped; the call runs as usual", async () => {
      const s = await served(major);
      const alice = await s.caller("alice");
      const huge = `\u202e\u001b[2J${"x".repeat(1_048_576)}`;
      expect(textOf(await alice.call("search", { q: "a" }, huge))).toBe("found a");
      const span = await s.tracing.only();
      const recorded = String(span.attributes["jsonrpc.request.id"]);
      expect(recorded.startsWith("\\u{202E}\\u{1B}[2Jxxx")).toBe(true);
      expect(recorded).toContain(`[${huge.length} characters in all]`);
      expect(recorded.length).toBeLessThan(256);
      const { calls, report, lines } = await s.ledger();
      expect(calls.find((entry) => entry.kind === "begin")?.clientRequestId).toBe(recorded);
      expect(lines.every((line) => line.length < 4_096)).toBe(true);
      expect(report.ok).toBe(true);
    });
  },
);

describe.each([1, 2] as const)("MCP SDK %i server: the SDK's own refusals are recorded", (major) => {
  // Attack: a client probes for tools with made-up names — long, with control characters — which the SDK refuses
  // before any handler: without a record, the probing leaves no trace.
  it("a flood of made-up tool names: one bounded refusal each (unknown-tool) as the caller, and nothing kept", async () => {
    const s = await served(major);
    const alice = await s.caller("alice");
    const before = JSON.stringify(s.gate.inventory());
    for (let i = 0; i < 100; i++) {
      const answer = await alice.call(`probe_${i}\u001b${"n".repeat(10_000)}`, {}, `r${i}`);
      expect(answer.isError === true || answer.rejected !== undefined).toBe(true);
    }
    expect(JSON.stringify(s.gate.inventory())).toBe(before); // no name reached the inventory
    expect(s.ran).not.toHaveBeenCalled();
    const spans = await s.tracing.spans();
    expect(spans).toHaveLength(100);
    expect(spans[0]?.attributes).toMatchObject({
      "toolgate.decision.rule": "unknown-tool",
      "error.type": "TOOL_DENIED",
      "gen_ai.agent.id": s.agents.alice.id,
      "jsonrpc.request.id": "r0",
    });
    const { calls, report, lines } = await s.ledger();
    expect(calls).toHaveLength(100);
    for (const entry of calls) {
      expect(entry).toMatchObject({ kind: "refusal", code: "TOOL_DENIED", decision: { rule: "unknown-tool" } });
      const name = (entry.tool as { name: string }).name;
      expect(name.length).toBeLessThan(256);
      expect(name).not.toContain("\u001b");
    }
    expect(lines.every((line) => line.length < 4_096)).toBe(true);
    expect(report.ok).toBe(true);
  });

  it("an unknown or disabled tool asked by an unidentified caller is recorded as no agent", async () => {
    const s = await served(major, () => undefined);
    const stranger = await s.caller("alice");
    await stranger.call("no_such_tool", {});
    await stranger.call("retired", {});
    const { calls, report } = await s.ledger();
    expect(calls.map((entry) => [entry.decision, entry.agent])).toEqual([
      [expect.objectContaining({ rule: "unknown-tool", reason: "the server has no tool of this name" }), NO_AGENT],
      [expect.objectContaining({ rule: "unknown-tool", reason: "the tool is disabled" }), NO_AGENT],
    ]);
    expect(report.ok).toBe(true);
  });

  // Attack: arguments that fail the schema carry a secret, and the schema's message echoes it.
  it("arguments failing the tool's schema: an invalid-input refusal whose record holds no secret", async () => {
    const s = await served(major);
    const alice = await s.caller("alice");
    const result = await alice.call("search", { q: `${SECRET} and more to pass forty chars` });
    expect(result.isError).toBe(true);
    await alice.call("search", { q: 7 });
    expect(s.ran).not.toHaveBeenCalled();
    const spans = await s.tracing.spans();
    expect(spans.map((span) => span.attributes["toolgate.decision.rule"])).toEqual(["invalid-input", "invalid-input"]);
    for (const span of spans) {
      expect(JSON.stringify(span.attributes)).not.toContain(SECRET);
      expect(span.status.message ?? "").not.toContain(SECRET);
    }
    const { calls, report, lines } = await s.ledger();
    expect(calls.map((entry) => [entry.code, (entry.agent as Agent).id])).toEqual([
      ["INVALID_INPUT", s.agents.alice.id],
      ["INVALID_INPUT", s.agents.alice.id],
    ]);
    expect(calls[0]?.argsHash).toMatch(/^[0-9a-f]{64}$/);
    // The SDK's message echoed the secret; the record keeps the message, redacted.
    expect(calls[0]?.decision).toMatchObject({ reason: expect.stringContaining("too long: [REDACTED:") });
    expect(lines.join("\n")).not.toContain(SECRET);
    expect(report.ok).toBe(true);
  });

  it("a request the SDK cannot read is recorded as malformed-request; the client still gets the SDK's error", async () => {
    const s = await served(major);
    const alice = await s.caller("alice");
    await expect(alice.malformed({ name: 42, arguments: {} })).rejects.toThrow();
    const { calls, report } = await s.ledger();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ kind: "refusal", code: "INVALID_INPUT", decision: { rule: "malformed-request" } });
    expect(report.ok).toBe(true);
  });

  it("what the client sees is the SDK's own answer, guarded or not", async () => {
    const s = await served(major);
    const guarded = await s.caller("alice");
    const plain = await s.caller("bob", false);
    for (const [name, args] of [
      ["no_such_tool", {}],
      ["retired", {}],
      ["search", { q: 7 }],
    ] as const) {
      expect(await guarded.call(name, args)).toEqual(await plain.call(name, args));
    }
  });
});
