// Refusals the MCP server adapters make before a call reaches the pipeline — an unidentified caller, a missing
// attestation — are evidence like any refusal: one `execute_tool` span and one ledger `refusal` entry naming the
// rule, on a ledger that still verifies. Real McpServer and Client of both SDK majors, over in-memory transports.
import type { Client as ClientV2 } from "@modelcontextprotocol/client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpServer as McpServerV2 } from "@modelcontextprotocol/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardServer } from "../../src/adapters/mcp.js";
import { guardServer as guardServerV2 } from "../../src/adapters/mcp-v2.js";
import { type Agent, createGate, definePolicy, generateAuditKey } from "../../src/index.js";
import { memoryTracing, signedGate } from "../helpers.js";
import { linkedClient, linkedClientV2 } from "./fixtures/mcp.js";

const policy = definePolicy({ rules: [{ id: "files", agents: ["files-bot"], tools: ["*"], effect: "allow" }] });
const key = generateAuditKey();
const NO_AGENT = { id: "", name: "", owner: "", chain: [] };

type Identify = (bot: Agent) => Agent | undefined;
type Entry = Record<string, unknown> & { kind: string };

/** A gate with a sink and tracing, a server of SDK `major` guarded by it, and a raw (hostile) client. */
async function served(major: 1 | 2, identify: Identify, attested = false) {
  const tracing = memoryTracing();
  const { gate, written, verified } = signedGate({ policy, tracerProvider: tracing.tracerProvider }, key);
  const bot = gate.agent({ name: "files-bot", owner: "team-files" });
  const ran = vi.fn();
  const options = {
    gate,
    identify: () => identify(bot),
    ...(attested && { attestation: { publicKey: key.publicKey, audience: "files" } }),
  };
  const text = (path: string) => ({ content: [{ type: "text" as const, text: `deleted ${path}` }] });
  const annotations = { destructiveHint: true };
  let client: Client | ClientV2;
  if (major === 1) {
    const server = new McpServer({ name: "files", version: "1.0.0" });
    server.registerTool("delete_file", { inputSchema: { path: z.string() }, annotations }, async ({ path }) => {
      ran(path);
      return text(path);
    });
    guardServer(server, options);
    client = (await linkedClient(server, "prober")).client;
  } else {
    const server = new McpServerV2({ name: "files", version: "2.0.0" });
    server.registerTool(
      "delete_file",
      { inputSchema: z.object({ path: z.string() }), annotations },
      async ({ path }) => {
        ran(path);
        return text(path);
      },
    );
    guardServerV2(server, options);
    client = (await linkedClientV2(server, "prober")).client;
  }
  const call = (args: Record<string, unknown>, _meta?: Record<string, unknown>) =>
    client.callTool({ name: "delete_file", arguments: args, ...(_meta && { _meta }) });
  /** The ledger once written in full: its call entries, and the verifier's report of it. */
  const ledger = async () => {
    const entries = await written<Entry>();
    return {
      calls: entries.filter((entry) => entry.kind !== "checkpoint"),
      report: verified(),
    };
  };
  return { gate, bot, ran, tracing, call, ledger };
}

const textOf = (result: unknown) => (result as { content: { text: string }[] }).content[0]?.text ?? "";

describe.each([1, 2] as const)("MCP SDK %i server: refusals before the pipeline are recorded", (major) => {
  it("an unidentified caller: one span and one refusal entry (rule unidentified-agent) naming no agent", async () => {
    const s = await served(major, () => undefined);
    const result = await s.call({ path: "/srv/a" });
    expect(textOf(result)).toContain('rule "unidentified-agent"');
    expect(s.ran).not.toHaveBeenCalled();

    const span = await s.tracing.only();
    expect(span.name).toBe("execute_tool delete_file");
    expect(span.status.code).toBe(2); // ERROR
    expect(span.attributes).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "delete_file",
      "toolgate.tool.risk": "high",
      "toolgate.decision.effect": "deny",
      "toolgate.decision.rule": "unidentified-agent",
      "toolgate.outcome": "denied",
      "error.type": "TOOL_DENIED",
    });
    // No agent attributes at all: nothing the caller sent stands in for an identity.
    expect(span.attributes["gen_ai.agent.id"]).toBeUndefined();
    expect(span.attributes["gen_ai.agent.name"]).toBeUndefined();
    expect(span.attributes["toolgate.agent.owner"]).toBeUndefined();

    const { calls, report } = await s.ledger();
    expect(calls).toHaveLength(1);
    const [entry] = calls;
    expect(entry).toMatchObject({
      kind: "refusal",
      code: "TOOL_DENIED",
      agent: NO_AGENT,
      tool: { name: "delete_file", risk: "high" },
      decision: { effect: "deny", rule: "unidentified-agent" },
      approvals: [],
    });
    expect(entry?.argsHash).toMatch(/^[0-9a-f]{64}$/);
    // The span carries the very entry, linked into the chain.
    expect(span.attributes["toolgate.audit.seq"]).toBe(entry?.seq);
    expect(span.attributes["toolgate.audit.entry"]).toBe(JSON.stringify(entry));
    expect(report.ok).toBe(true);
    expect(report.breaks).toEqual([]);
  });

  it("identify() throwing, and an agent of another gate, are recorded the same way", async () => {
    const other = createGate({ policy }).agent({ name: "files-bot", owner: "team-files" });
    const thrower = await served(major, () => {
      throw new Error("token expired for client c-9");
    });
    const stranger = await served(major, () => other);
    expect(textOf(await thrower.call({ path: "/a" }))).toContain('rule "unidentified-agent"');
    expect(textOf(await stranger.call({ path: "/a" }))).toContain('rule "unidentified-agent"');
    for (const s of [thrower, stranger]) {
      const span = await s.tracing.only();
      expect(span.attributes["toolgate.decision.rule"]).toBe("unidentified-agent");
      const { calls, report } = await s.ledger();
      expect(calls.map((entry) => [entry.kind, entry.agent])).toEqual([["refusal", NO_AGENT]]);
      expect(report.ok).toBe(true);
    }
    // The other gate's agent does not appear as the caller, in the span or the entry.
    expect(JSON.stringify((await stranger.ledger()).calls)).not.toContain(other.id);
  });

  it("a call without the required attestation: one span and one refusal entry (attestation-required) as the identified agent", async () => {
    const s = await served(major, (bot) => bot, true);
    const result = await s.call({ path: "/srv/b" });
    expect(textOf(result)).toContain('rule "attestation-required"');
    expect(s.ran).not.toHaveBeenCalled();
    const span = await s.tracing.only();
    expect(span.attributes).toMatchObject({
      "gen_ai.agent.id": s.bot.id,
      "gen_ai.agent.name": "files-bot",
      "toolgate.agent.owner": "team-files",
      "toolgate.decision.rule": "attestation-required",
      "toolgate.outcome": "denied",
    });
    const { calls, report } = await s.ledger();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      kind: "refusal",
      agent: { id: s.bot.id, name: "files-bot", owner: "team-files", chain: [s.bot.id] },
      decision: { rule: "attestation-required" },
    });
    expect(report.ok).toBe(true);
  });

  it("a forged attestation is recorded with the rule; a call that reaches the pipeline is recorded once, not twice", async () => {
    const forged = await served(major, (bot) => bot, true);
    await forged.call({ path: "/srv/c" }, { "io.toolgate/attestation": "eyJhbGciOiJFZERTQSJ9.e30.c2ln" });
    const { calls: forgedCalls } = await forged.ledger();
    expect(forgedCalls.map((entry) => [entry.kind, (entry.decision as { rule: string }).rule])).toEqual([
      ["refusal", "attestation-required"],
    ]);
    // Identified and attested-free: the pipeline refuses it (a high-risk tool with no approver) and records it itself.
    const inPipeline = await served(major, (bot) => bot);
    expect(textOf(await inPipeline.call({ path: "/srv/d" }))).toContain('rule "files"');
    expect((await inPipeline.tracing.spans()).length).toBe(1);
    const { calls } = await inPipeline.ledger();
    expect(calls.map((entry) => [entry.kind, entry.code])).toEqual([["refusal", "NO_APPROVER"]]);
  });
});

describe("guardServer refuses a gate whose refusals it could not record", () => {
  it("an object that only looks like a gate is refused when guarding, on both majors", () => {
    const gate = createGate({ policy });
    const lookalike = { ...gate };
    const identify = () => undefined;
    expect(() => guardServer(new McpServer({ name: "s", version: "1" }), { gate: lookalike, identify })).toThrow(
      /must be a gate createGate made/,
    );
    expect(() => guardServerV2(new McpServerV2({ name: "s", version: "2" }), { gate: lookalike, identify })).toThrow(
      /must be a gate createGate made/,
    );
  });
});
