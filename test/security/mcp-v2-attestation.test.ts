// Attestations over MCP SDK 2.x (toolgate/mcp-v2): a stateless server behind createMcpHandler requires the
// client gate's attestation on a call's first leg; later legs of a multi round-trip call continue under the
// state toolgate signed. A hostile client withholds or replays tokens.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { acceptedContent, createMcpHandler, inputRequired, McpServer } from "@modelcontextprotocol/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardClient, guardFactory, MCP_ATTESTATION_META_KEY } from "../../src/adapters/mcp-v2.js";
import { createGate, definePolicy, generateAuditKey } from "../../src/index.js";

const policy = definePolicy({ rules: [{ id: "files", agents: ["files-bot"], tools: ["*"], effect: "allow" }] });
const AUDIENCE = "files-server";
const key = generateAuditKey();
const textOf = (result: unknown) => (result as { content: { text: string }[] }).content[0]?.text ?? "";

async function setup() {
  const ran = vi.fn();
  const tokens: unknown[] = [];
  const makeServer = () => {
    const server = new McpServer({ name: AUDIENCE, version: "2.0.0" });
    const text = (value: string) => ({ content: [{ type: "text" as const, text: value }] });
    server.registerTool("read_file", { inputSchema: z.object({ path: z.string() }) }, async ({ path }, ctx) => {
      tokens.push(ctx.mcpReq._meta?.[MCP_ATTESTATION_META_KEY]);
      ran("read_file", path);
      return text(`contents of ${path}`);
    });
    server.registerTool("delete_file", { inputSchema: z.object({ path: z.string() }) }, async ({ path }) => {
      ran("delete_file", path);
      return text(`deleted ${path}`);
    });
    server.registerTool("confirm_write", { inputSchema: z.object({ path: z.string() }) }, async ({ path }, ctx) => {
      if (acceptedContent(ctx.mcpReq.inputResponses, "confirm")?.yes !== true) {
        const confirm = inputRequired.elicit({
          message: `write ${path}?`,
          requestedSchema: z.object({ yes: z.boolean() }),
        });
        return inputRequired({ inputRequests: { confirm }, requestState: "step-1" });
      }
      ran("confirm_write", path);
      return text(`wrote ${path}`);
    });
    return server;
  };
  const serverGate = createGate({ policy });
  const serverBot = serverGate.agent({ name: "files-bot", owner: "team-files" });
  const attestation = { publicKey: key.publicKey, audience: AUDIENCE };
  const handler = createMcpHandler(
    guardFactory(makeServer, { gate: serverGate, identify: () => serverBot, attestation }),
  );
  const raw = new Client(
    { name: "agent", version: "1.0.0" },
    { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: "auto" } },
  );
  raw.setRequestHandler("elicitation/create", async () => ({ action: "accept" as const, content: { yes: true } }));
  const fetch = (url: string | URL, init?: RequestInit) => handler.fetch(new Request(url, init));
  await raw.connect(new StreamableHTTPClientTransport(new URL("http://mcp.test/mcp"), { fetch }));
  const gate = createGate({ policy, audit: { signingKey: key.privateKey } });
  const bot = gate.agent({ name: "files-bot", owner: "team-files" });
  return { raw, ran, tokens, guarded: guardClient(bot, raw, { attestation: { audience: AUDIENCE } }) };
}

describe("toolgate/mcp-v2 guardServer requiring attestations", () => {
  it("runs attested calls; a multi round-trip call is attested once, on its first leg", async () => {
    const s = await setup();
    expect(textOf(await s.guarded.callTool({ name: "read_file", arguments: { path: "/srv/a" } }))).toBe(
      "contents of /srv/a",
    );
    expect(textOf(await s.guarded.callTool({ name: "confirm_write", arguments: { path: "/srv/c" } }))).toBe(
      "wrote /srv/c",
    );
    expect(s.ran.mock.calls).toEqual([
      ["read_file", "/srv/a"],
      ["confirm_write", "/srv/c"],
    ]);
  });

  // Attack: call without the guarded client, then replay a captured token to another tool and again.
  it("refuses a call without a token, a token replayed to another tool, and one used twice", async () => {
    const s = await setup();
    const bare = await s.raw.callTool({ name: "delete_file", arguments: { path: "/srv/a" } });
    expect(textOf(bare)).toMatch(/rule "attestation-required"\): the call carries no attestation/);
    await s.guarded.callTool({ name: "read_file", arguments: { path: "/srv/a" } });
    const _meta = { [MCP_ATTESTATION_META_KEY]: s.tokens[0] };
    const otherTool = await s.raw.callTool({ name: "delete_file", arguments: { path: "/srv/a" }, _meta });
    expect(textOf(otherTool)).toMatch(/wrong-tool/);
    const again = await s.raw.callTool({ name: "read_file", arguments: { path: "/srv/a" }, _meta });
    expect(textOf(again)).toMatch(/used already/);
    expect(s.ran.mock.calls).toEqual([["read_file", "/srv/a"]]);
  });
});
