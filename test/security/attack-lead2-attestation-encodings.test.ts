// Attack on one-use MCP attestations (security model 1 and 8): the server remembers a used token by the hash of
// its text, but a compact JWS has more than one text for one signature. The signature's last base64url character
// carries two unused bits, and the decoder also takes `==` padding and a trailing newline: each re-spelling still
// verifies, hashes differently, and so was taken as fresh — one captured token ran the tool five times. And a
// store whose `once.take` answers something other than fresh/used/full (a careless custom store saying `true`)
// let every replay through. Real McpServer and Client, the memory store.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardClient, guardServer, MCP_ATTESTATION_META_KEY } from "../../src/adapters/mcp.js";
import { createGate, definePolicy, generateAuditKey, memoryStore, type Store } from "../../src/index.js";
import { linkedClient } from "../adapters/fixtures/mcp.js";

const policy = definePolicy({ rules: [{ id: "files", agents: ["files-bot"], tools: ["*"], effect: "allow" }] });
const AUDIENCE = "files-server";
const clientKey = generateAuditKey();
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
type Result = { isError?: boolean; content?: { text: string }[] };

async function server(store: Store) {
  const ran = vi.fn();
  const tokens: string[] = [];
  const gate = createGate({ policy, store });
  const bot = gate.agent({ name: "files-bot", owner: "team-files" });
  const mcp = new McpServer({ name: AUDIENCE, version: "1.0.0" });
  mcp.registerTool("write_file", { inputSchema: { path: z.string() } }, async ({ path }, extra) => {
    ran(path);
    tokens.push(extra._meta?.[MCP_ATTESTATION_META_KEY] as string);
    return { content: [{ type: "text" as const, text: `wrote ${path}` }] };
  });
  guardServer(mcp, {
    gate,
    identify: () => bot,
    attestation: { publicKey: clientKey.publicKey, audience: AUDIENCE },
  });
  const { client: raw } = await linkedClient(mcp, "agent");
  const agentGate = createGate({ policy, audit: { signingKey: clientKey.privateKey } });
  const agent = guardClient(agentGate.agent({ name: "files-bot", owner: "team-files" }), raw, {
    attestation: { audience: AUDIENCE },
  });
  return { raw, agent, ran, tokens };
}

const call = { name: "write_file", arguments: { path: "/srv/report" } };

describe("a one-use attestation is one use however it is spelt", () => {
  it("refuses the token re-spelt (unused signature bits, padding, a newline) after its use", async () => {
    const { raw, agent, ran, tokens } = await server(memoryStore());
    expect(((await agent.callTool(call)) as Result).content?.[0]?.text).toBe("wrote /srv/report");
    const token = tokens[0] as string;
    const last = BASE64URL.indexOf(token.at(-1) as string);
    const respelt = [1, 2, 3].map((bits) => token.slice(0, -1) + BASE64URL[last ^ bits]);
    respelt.push(`${token}==`, `${token}\n`);
    for (const spelling of respelt) {
      const replayed = (await raw.callTool({ ...call, _meta: { [MCP_ATTESTATION_META_KEY]: spelling } })) as Result;
      expect(replayed.isError, JSON.stringify(spelling)).toBe(true);
      expect(replayed.content?.[0]?.text).toContain("the attestation was used already");
    }
    expect(ran).toHaveBeenCalledTimes(1);
  });

  it("refuses when the store's once answers neither fresh, used nor full", async () => {
    const store = memoryStore();
    const careless = { ...store, once: { take: () => true as unknown as "fresh" } } as Store;
    const { agent, ran } = await server(careless);
    const result = (await agent.callTool(call)) as Result;
    expect(result.isError).toBe(true);
    expect(result.content?.[0]?.text).toContain('rule "attestation-required"');
    expect(result.content?.[0]?.text).toContain("the store could not say whether the attestation was used");
    expect(ran).not.toHaveBeenCalled();
  });
});
