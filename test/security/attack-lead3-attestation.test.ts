// Attacks on MCP attestations bound to their caller (security model 8: identities that delegates choose cannot pass
// for others). The server matched a token to the caller by agent name alone. A delegate's name is free — it is only
// unique among the live agents of its own gate — and it acts within its parent's grant: a token the client's gate
// minted for `admin-bot`'s delegate named `report-bot` counted for the server's root `report-bot`, though that
// client gate denies `report-bot` the tool. Also: names that read alike, matchesCaller answers that are not `true`
// (a promise, a late rejection), two callers racing for one token, and a 2.x call's later leg from another caller.
// Real McpServer and Client (1.x), createMcpHandler (2.x), the memory store.
import { randomUUID } from "node:crypto";
import { StreamableHTTPClientTransport, Client as V2Client } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { createMcpHandler, inputRequired, McpServer as V2Server } from "@modelcontextprotocol/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardServer, MCP_ATTESTATION_META_KEY, type RequiredAttestation } from "../../src/adapters/mcp.js";
import { guardFactory } from "../../src/adapters/mcp-v2.js";
import { hashArguments } from "../../src/approval/hash.js";
import {
  type Agent,
  createGate,
  definePolicy,
  defineTool,
  generateAuditKey,
  mintAttestation,
  passthroughSchema,
} from "../../src/index.js";

const AUDIENCE = "files-server";
const key = generateAuditKey();
const ARGS = { path: "/srv/report" };
type Result = { isError?: boolean; content?: { text: string }[] };
const textOf = (result: unknown) => (result as Result).content?.[0]?.text ?? "";

/** A token as a client gate mints it for an agent it never checked (any name, id and chain). */
const tokenFor = (name: string, id = `agt_client_${name}`) =>
  mintAttestation(
    {
      agent: { id, name, owner: "team-files" },
      chain: id.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/")),
      tool: "write_file",
      argsHash: hashArguments(ARGS),
      decision: { effect: "allow", rule: "files" },
      callId: randomUUID(), // each token its own, as each call's is
    },
    { privateKey: key.privateKey, audience: AUDIENCE, ttl: "1m" },
  );

/** The client's gate: `admin-bot` may write files, `report-bot` may not; the token comes from `ctx.attest()`. */
async function clientSide() {
  const gate = createGate({
    policy: definePolicy({ rules: [{ id: "ops", agents: ["admin-bot"], tools: ["write_file"], effect: "allow" }] }),
    audit: { signingKey: key.privateKey },
  });
  const admin = gate.agent({ name: "admin-bot", owner: "team-ops" });
  const helper = admin.delegate({ name: "report-bot", tools: ["write_file"] });
  const attesting = defineTool({
    name: "write_file",
    input: passthroughSchema(),
    execute: (_input, ctx) => ctx.attest({ audience: AUDIENCE }),
  });
  return { gate, helper, token: (await helper.guard(attesting).call(ARGS)) as string };
}

/** A server whose `identify` vouches for `caller(serverGate)`; `call(token)` is one tools/call with it. */
async function server(caller: (gate: ReturnType<typeof createGate>) => Agent, more: Partial<RequiredAttestation> = {}) {
  const ran = vi.fn();
  const gate = createGate({
    policy: definePolicy({ rules: [{ id: "files", tools: ["write_file"], effect: "allow" }] }),
  });
  const agent = caller(gate);
  const mcp = new McpServer({ name: AUDIENCE, version: "1.0.0" });
  mcp.registerTool("write_file", { inputSchema: { path: z.string() } }, async ({ path }) => {
    ran(agent.name, path);
    return { content: [{ type: "text" as const, text: `wrote ${path}` }] };
  });
  guardServer(mcp, {
    gate,
    identify: () => agent,
    // Descriptors, not a spread: a getter in `more` stays a getter the server reads.
    attestation: Object.defineProperties(
      { publicKey: key.publicKey, audience: AUDIENCE },
      Object.getOwnPropertyDescriptors(more),
    ) as RequiredAttestation,
  });
  const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
  await mcp.connect(serverEnd);
  const client = new Client({ name: "client", version: "1.0.0" });
  await client.connect(clientEnd);
  const call = async (token: string) =>
    textOf(
      await client.callTool({ name: "write_file", arguments: ARGS, _meta: { [MCP_ATTESTATION_META_KEY]: token } }),
    );
  return { ran, call, agent };
}

const root = (name: string) => (gate: ReturnType<typeof createGate>) => gate.agent({ name, owner: "team-files" });

describe("a delegate's attestation does not count for another agent of its name", () => {
  it("refuses admin-bot's delegate `report-bot`'s token for the server's root report-bot", async () => {
    const client = await clientSide();
    // What the token vouches for is admin-bot's grant: the client gate's own report-bot is refused the tool.
    const own = client.gate.agent({ name: "report-bot", owner: "team-reports" });
    expect((await client.gate.check(own, "write_file", ARGS)).effect).toBe("deny");
    const s = await server(root("report-bot"));
    const text = await s.call(client.token);
    expect(text).toContain('rule "attestation-required"');
    expect(text).toContain(`the attestation is for agent "report-bot" (a delegate, ${client.helper.id})`);
    expect(s.ran).not.toHaveBeenCalled();
  });

  it("refuses a root agent's token for a delegate of that name on the server", async () => {
    const s = await server((gate) =>
      gate.agent({ name: "ops-bot", owner: "team-ops" }).delegate({ name: "report-bot", tools: ["write_file"] }),
    );
    expect(await s.call(await tokenFor("report-bot"))).toContain('not for the caller "report-bot"');
    expect(s.ran).not.toHaveBeenCalled();
  });

  it("counts a delegate's token where matchesCaller maps it (by the delegate's id), once", async () => {
    const client = await clientSide();
    const s = await server(root("report-bot"), { matchesCaller: (attested) => attested.id === client.helper.id });
    expect(await s.call(client.token)).toBe("wrote /srv/report");
    expect(await s.call(client.token)).toContain("used already");
    expect(s.ran).toHaveBeenCalledOnce();
  });
});

describe("a name that reads like the caller's is not the caller's", () => {
  it("refuses tokens for the caller's name in other case, Unicode form, script or spacing", async () => {
    const s = await server(root("réport-bot")); // NFC é
    for (const name of ["Réport-bot", "re\u0301port-bot", "réport-bot ", "réроrt-bot", "réport\u2011bot"]) {
      expect(await s.call(await tokenFor(name)), JSON.stringify(name)).toContain('not for the caller "réport-bot"');
    }
    expect(s.ran).not.toHaveBeenCalled();
    expect(await s.call(await tokenFor("réport-bot"))).toBe("wrote /srv/report");
  });
});

describe("matchesCaller answers anything but true: refused, and nothing escapes", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  afterEach(() => {
    process.off("unhandledRejection", onUnhandled);
  });

  it("a promise of true does not count; a rejecting one is refused without an unhandled rejection", async () => {
    process.on("unhandledRejection", onUnhandled);
    const resolving = await server(root("files-bot"), { matchesCaller: (async () => true) as never });
    expect(await resolving.call(await tokenFor("files-bot"))).toContain('not for the caller "files-bot"');
    const rejecting = await server(root("files-bot"), {
      matchesCaller: (async () => {
        throw new Error("directory down");
      }) as never,
    });
    expect(await rejecting.call(await tokenFor("files-bot"))).toContain('not for the caller "files-bot"');
    await new Promise((resolve) => setImmediate(resolve)); // Node reports an unhandled rejection by now
    expect(unhandled).toEqual([]);
    expect(resolving.ran).not.toHaveBeenCalled();
    expect(rejecting.ran).not.toHaveBeenCalled();
  });

  it("is read once, when the server is guarded: swapping it out later does not fall back to the default", async () => {
    let refuseAll: RequiredAttestation["matchesCaller"] = () => false;
    const attestation = {
      get matchesCaller() {
        const current = refuseAll;
        refuseAll = undefined; // the host's config object changes after guarding
        return current;
      },
    };
    const s = await server(root("files-bot"), attestation);
    expect(await s.call(await tokenFor("files-bot"))).toContain('not for the caller "files-bot"');
    expect(await s.call(await tokenFor("files-bot"))).toContain('not for the caller "files-bot"');
    expect(s.ran).not.toHaveBeenCalled();
  });
});

describe("two callers race for one token", () => {
  it("the thief is refused and the token's own agent runs it exactly once, whatever the order", async () => {
    const ran = vi.fn();
    const gate = createGate({ policy: definePolicy({ rules: [{ id: "files", tools: ["*"], effect: "allow" }] }) });
    const agents = new Map(["files-bot", "report-bot"].map((name) => [name, gate.agent({ name, owner: "team" })]));
    const connect = async (name: string) => {
      const mcp = new McpServer({ name: AUDIENCE, version: "1.0.0" });
      mcp.registerTool("write_file", { inputSchema: { path: z.string() } }, async ({ path }) => {
        ran(name, path);
        return { content: [{ type: "text" as const, text: "wrote" }] };
      });
      const attestation = { publicKey: key.publicKey, audience: AUDIENCE };
      guardServer(mcp, { gate, identify: () => agents.get(name), attestation });
      const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
      await mcp.connect(serverEnd);
      const client = new Client({ name, version: "1.0.0" });
      await client.connect(clientEnd);
      return (token: string) =>
        client.callTool({ name: "write_file", arguments: ARGS, _meta: { [MCP_ATTESTATION_META_KEY]: token } });
    };
    const thief = await connect("report-bot");
    const honest = await connect("files-bot");
    const honestAgain = await connect("files-bot");
    const token = await tokenFor("files-bot");
    const results = await Promise.all([thief(token), honest(token), thief(token), honestAgain(token)]);
    expect(results.map(textOf).filter((text) => text === "wrote")).toHaveLength(1);
    expect(ran.mock.calls).toEqual([["files-bot", "/srv/report"]]);
  });
});

describe("toolgate/mcp-v2: a later leg is the caller's who started the call", () => {
  it("refuses another caller continuing an attested call with its state; its own caller continues it", async () => {
    const ran = vi.fn();
    const gate = createGate({ policy: definePolicy({ rules: [{ id: "files", tools: ["*"], effect: "allow" }] }) });
    const agents = new Map(["files-bot", "report-bot"].map((name) => [name, gate.agent({ name, owner: "team" })]));
    const makeServer = () => {
      const mcp = new V2Server({ name: AUDIENCE, version: "2.0.0" });
      mcp.registerTool("write_file", { inputSchema: z.object({ path: z.string() }) }, async ({ path }, ctx) => {
        if (!ctx.mcpReq.inputResponses?.confirm) {
          const confirm = inputRequired.elicit({
            message: "sure?",
            requestedSchema: { type: "object", properties: {} },
          });
          return inputRequired({ inputRequests: { confirm }, requestState: "step-1" });
        }
        ran(path);
        return { content: [{ type: "text" as const, text: "wrote" }] };
      });
      return mcp;
    };
    const attestation = { publicKey: key.publicKey, audience: AUDIENCE };
    const identify = (ctx: { http?: { authInfo?: { clientId: string } } }) =>
      agents.get(ctx.http?.authInfo?.clientId ?? "");
    const handler = createMcpHandler(guardFactory(makeServer, { gate, identify, attestation }));
    const send = async (clientId: string, params: Record<string, unknown>) => {
      const client = new V2Client(
        { name: clientId, version: "1.0.0" },
        {
          capabilities: { elicitation: { form: {} } },
          versionNegotiation: { mode: "auto" },
          inputRequired: { autoFulfill: false },
        },
      );
      const fetch = (url: string | URL, init?: RequestInit) =>
        handler.fetch(new Request(url, init), { authInfo: { token: "t", clientId, scopes: [] } });
      await client.connect(new StreamableHTTPClientTransport(new URL("http://mcp.test/mcp"), { fetch }));
      return (await client.request(
        { method: "tools/call", params } as never,
        { allowInputRequired: true } as never,
      )) as {
        resultType?: string;
        requestState?: string;
      } & Result;
    };
    const _meta = { [MCP_ATTESTATION_META_KEY]: await tokenFor("files-bot") };
    const first = await send("files-bot", { name: "write_file", arguments: ARGS, _meta });
    expect(first.resultType).toBe("input_required");
    const leg = (state: string | undefined) => ({
      name: "write_file",
      arguments: ARGS,
      inputResponses: { confirm: { action: "accept", content: {} } },
      requestState: state,
    });
    const stolen = await send("report-bot", leg(first.requestState));
    expect(textOf(stolen)).toContain('rule "request-state"');
    expect(ran).not.toHaveBeenCalled();
    // The refused leg spent the state (a leg is good once): the honest caller starts again, with a token of its own.
    const again = await send("files-bot", {
      name: "write_file",
      arguments: ARGS,
      _meta: { [MCP_ATTESTATION_META_KEY]: await tokenFor("files-bot") },
    });
    expect(again.resultType).toBe("input_required");
    expect(textOf(await send("files-bot", leg(again.requestState)))).toBe("wrote");
    expect(ran.mock.calls).toEqual([[ARGS.path]]);
  });
});
