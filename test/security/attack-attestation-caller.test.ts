// Attack on MCP attestations (security model 1 and 8): a token proves that the client's gate decided one call for
// one agent, but the server checked only the tool, the arguments, the key and the audience, never who presents it.
// A second client the server identifies as another agent, holding a token captured from the first (a shared log,
// a proxy), ran the call as itself — and, presenting it first, spent the honest agent's token. Real McpServer and
// Client (1.x), real McpServer and createMcpHandler (2.x), the memory store.
import { StreamableHTTPClientTransport, Client as V2Client } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { createMcpHandler, McpServer as V2Server } from "@modelcontextprotocol/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardServer, MCP_ATTESTATION_META_KEY, type RequiredAttestation } from "../../src/adapters/mcp.js";
import { guardFactory } from "../../src/adapters/mcp-v2.js";
import { hashArguments } from "../../src/approval/hash.js";
import { createGate, definePolicy, generateAuditKey, isToolgateError, mintAttestation } from "../../src/index.js";

const policy = definePolicy({
  rules: [{ id: "files", agents: ["files-bot", "report-bot"], tools: ["write_file"], effect: "allow" }],
});
const AUDIENCE = "files-server";
const key = generateAuditKey();
const ARGS = { path: "/srv/report" };
type Result = { isError?: boolean; content?: { text: string }[] };
const textOf = (result: unknown) => (result as Result).content?.[0]?.text ?? "";

/** A token the client's gate minted for `name`'s call of write_file on ARGS. */
const tokenFor = (name: string) =>
  mintAttestation(
    {
      agent: { id: `agt_client_${name}`, name, owner: "team-files" },
      chain: [`agt_client_${name}`],
      tool: "write_file",
      argsHash: hashArguments(ARGS),
      decision: { effect: "allow", rule: "files" },
    },
    { privateKey: key.privateKey, audience: AUDIENCE, ttl: "1m" },
  );

/** A server that identifies each client connection as its own agent; `connect(name)` is a client identified so. */
async function server(attestation: Partial<RequiredAttestation> = {}) {
  const ran = vi.fn();
  const gate = createGate({ policy });
  const agents = new Map(["files-bot", "report-bot"].map((name) => [name, gate.agent({ name, owner: "team-files" })]));
  const connect = async (name: string) => {
    const mcp = new McpServer({ name: AUDIENCE, version: "1.0.0" });
    mcp.registerTool("write_file", { inputSchema: { path: z.string() } }, async ({ path }) => {
      ran(name, path);
      return { content: [{ type: "text" as const, text: `wrote ${path}` }] };
    });
    guardServer(mcp, {
      gate,
      identify: () => agents.get(name),
      attestation: { publicKey: key.publicKey, audience: AUDIENCE, ...attestation },
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverSide);
    const client = new Client({ name, version: "1.0.0" });
    await client.connect(clientSide);
    return (token: string) =>
      client.callTool({ name: "write_file", arguments: ARGS, _meta: { [MCP_ATTESTATION_META_KEY]: token } });
  };
  return { ran, connect };
}

describe("an attestation counts only for the caller it attests", () => {
  it("refuses another agent's token, naming both agents, and leaves it to its own agent", async () => {
    const s = await server();
    const token = await tokenFor("files-bot");
    const stolen = await (await s.connect("report-bot"))(token);
    expect(stolen.isError).toBe(true);
    expect(textOf(stolen)).toContain('rule "attestation-required"');
    expect(textOf(stolen)).toContain('the attestation is for agent "files-bot", not for the caller "report-bot"');
    expect(s.ran).not.toHaveBeenCalled();
    // The intruder's attempt did not spend it: the agent it was minted for runs its call, once.
    const honest = await s.connect("files-bot");
    expect(textOf(await honest(token))).toBe("wrote /srv/report");
    expect(textOf(await honest(token))).toContain("the attestation was used already");
    expect(s.ran.mock.calls).toEqual([["files-bot", "/srv/report"]]);
  });

  it("lets matchesCaller map the client's agents onto the server's, and refuses on anything but true", async () => {
    const serverName = new Map([["files-bot", "report-bot"]]); // the client's agent → the server's
    const mapped = await server({ matchesCaller: (attested, caller) => serverName.get(attested.name) === caller.name });
    expect(textOf(await (await mapped.connect("report-bot"))(await tokenFor("files-bot")))).toBe("wrote /srv/report");
    const answers: unknown[] = [1, "yes", undefined, {}];
    for (const answer of answers) {
      const loose = await server({ matchesCaller: () => answer as boolean });
      const result = await (await loose.connect("files-bot"))(await tokenFor("files-bot"));
      expect(textOf(result), String(answer)).toContain('not for the caller "files-bot"');
    }
    const throwing = await server({
      matchesCaller: () => {
        throw new Error("directory down");
      },
    });
    expect(textOf(await (await throwing.connect("files-bot"))(await tokenFor("files-bot")))).toContain(
      "the attestation is for agent",
    );
    expect(throwing.ran).not.toHaveBeenCalled();
  });

  it("refuses a matchesCaller that is not a function when the server is guarded", async () => {
    const setUp = server({ matchesCaller: "files-bot" as never }).then((s) => s.connect("files-bot"));
    await expect(setUp).rejects.toSatisfy(
      (error) => isToolgateError(error) && error.code === "INVALID_ARGUMENT" && /matchesCaller/.test(error.message),
    );
  });
});

describe("toolgate/mcp-v2: an attestation counts only for the caller it attests", () => {
  it("refuses another agent's token on a call's first leg, and leaves it to its own agent", async () => {
    const ran = vi.fn();
    const gate = createGate({ policy });
    const connect = async (name: string) => {
      const caller = gate.agent({ name, owner: "team-files" });
      const makeServer = () => {
        const mcp = new V2Server({ name: AUDIENCE, version: "2.0.0" });
        mcp.registerTool("write_file", { inputSchema: z.object({ path: z.string() }) }, async ({ path }) => {
          ran(name, path);
          return { content: [{ type: "text" as const, text: `wrote ${path}` }] };
        });
        return mcp;
      };
      const attestation = { publicKey: key.publicKey, audience: AUDIENCE };
      const handler = createMcpHandler(guardFactory(makeServer, { gate, identify: () => caller, attestation }));
      const client = new V2Client({ name, version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
      const fetch = (url: string | URL, init?: RequestInit) => handler.fetch(new Request(url, init));
      await client.connect(new StreamableHTTPClientTransport(new URL("http://mcp.test/mcp"), { fetch }));
      return (token: string) =>
        client.callTool({ name: "write_file", arguments: ARGS, _meta: { [MCP_ATTESTATION_META_KEY]: token } });
    };
    const token = await tokenFor("files-bot");
    const stolen = await (await connect("report-bot"))(token);
    expect(textOf(stolen)).toContain('the attestation is for agent "files-bot", not for the caller "report-bot"');
    expect(ran).not.toHaveBeenCalled();
    expect(textOf(await (await connect("files-bot"))(token))).toBe("wrote /srv/report");
    expect(ran.mock.calls).toEqual([["files-bot", "/srv/report"]]);
  });
});
