// Attack on MCP attestations across replicas (security model 1 and 8): a server runs as several replicas behind a
// load balancer, sharing one Redis store. A hostile client captures a token the agent's gate minted for one call
// and replays it to another replica; each replica alone would take it as fresh. Real McpServer and Client.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardClient, guardServer, MCP_ATTESTATION_META_KEY } from "../../src/adapters/mcp.js";
import { createGate, definePolicy, generateAuditKey, type ToolgateError } from "../../src/index.js";
import { linkedClient } from "../adapters/fixtures/mcp.js";
import { hasRedis, redisSuite } from "../redis/server.js";

const policy = definePolicy({ rules: [{ id: "files", agents: ["files-bot"], tools: ["*"], effect: "allow" }] });
const AUDIENCE = "files-server";
const clientKey = generateAuditKey();
type Result = { isError?: boolean; content?: { text: string }[] };

describe.skipIf(!hasRedis)("one-use attestations on server replicas sharing a Redis store", { timeout: 20_000 }, () => {
  const redis = redisSuite();

  /** One replica of the files server: its own gate on the shared store, reached by its own connection. */
  async function replica(ran: (path: string) => void, tokens: string[], refusals: ToolgateError[]) {
    const store = await redis.replica({ prefix: "files" });
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
      onRefusal: (error) => refusals.push(error),
      attestation: { publicKey: clientKey.publicKey, audience: AUDIENCE },
    });
    const { client: raw } = await linkedClient(mcp, "agent");
    return raw;
  }

  it("a token used on one replica is refused on the other", async () => {
    const ran = vi.fn();
    const tokens: string[] = [];
    const refusals: ToolgateError[] = [];
    const first = await replica(ran, tokens, refusals);
    const second = await replica(ran, tokens, refusals);
    const agentGate = createGate({ policy, audit: { signingKey: clientKey.privateKey } });
    const agent = guardClient(agentGate.agent({ name: "files-bot", owner: "team-files" }), first, {
      attestation: { audience: AUDIENCE },
    });
    const call = { name: "write_file", arguments: { path: "/srv/report" } };
    expect(((await agent.callTool(call)) as Result).content?.[0]?.text).toBe("wrote /srv/report");
    const [token] = tokens;
    const replayed = (await second.callTool({ ...call, _meta: { [MCP_ATTESTATION_META_KEY]: token } })) as Result;
    expect(replayed.isError).toBe(true);
    expect(replayed.content?.[0]?.text).toContain("the attestation was used already");
    expect(ran.mock.calls).toEqual([["/srv/report"]]);
    expect(refusals.map((error) => error.decision?.rule)).toEqual(["attestation-required"]);
  });
});
