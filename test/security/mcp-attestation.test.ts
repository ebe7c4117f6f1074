// Attestations over MCP (security model 1 and 8 across the wire): the guarded client sends its gate's
// attestation of each call in `_meta`; a server that requires one runs only the very call the client's gate
// decided — that tool, those arguments, for this server, once, before it expires, signed by that gate's key.
// The remote client is hostile: it replays, edits, forges and withholds tokens.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardClient, guardServer, MCP_ATTESTATION_META_KEY } from "../../src/adapters/mcp.js";
import { hashArguments } from "../../src/approval/hash.js";
import {
  createGate,
  definePolicy,
  generateAuditKey,
  memoryStore,
  mintAttestation,
  type Store,
  type ToolgateError,
} from "../../src/index.js";
import { linkedClient } from "../adapters/fixtures/mcp.js";

const policy = definePolicy({ rules: [{ id: "files", agents: ["files-bot"], tools: ["*"], effect: "allow" }] });
const AUDIENCE = "files-server";
const clientKey = generateAuditKey();

type Result = { isError?: boolean; content?: unknown };
const textOf = (result: Result) => (result.content as { text: string }[] | undefined)?.[0]?.text ?? "";

async function served(options: { skewMs?: number } = {}) {
  const ran = vi.fn();
  const tokens: string[] = []; // what reached the tools, as a hostile client would capture its own
  const server = new McpServer({ name: AUDIENCE, version: "1.0.0" });
  for (const name of ["write_file", "delete_file"]) {
    server.registerTool(name, { inputSchema: { path: z.string() } }, async ({ path }, extra) => {
      ran(name, path);
      tokens.push(extra._meta?.[MCP_ATTESTATION_META_KEY] as string);
      return { content: [{ type: "text" as const, text: `${name} ${path}` }] };
    });
  }
  const serverGate = createGate({ policy });
  const serverBot = serverGate.agent({ name: "files-bot", owner: "team-files" });
  const refusals: ToolgateError[] = [];
  guardServer(server, {
    gate: serverGate,
    identify: () => serverBot,
    onRefusal: (error) => refusals.push(error),
    attestation: { publicKey: clientKey.publicKey, audience: AUDIENCE, now: () => Date.now() + (options.skewMs ?? 0) },
  });
  const { client: raw } = await linkedClient(server, "agent");
  /** The agent side: a gate with its audit key, and the client guarded to attest for `audience`. */
  const agentSide = (signingKey = clientKey.privateKey, audience = AUDIENCE) => {
    const gate = createGate({ policy, audit: { signingKey } });
    const bot = gate.agent({ name: "files-bot", owner: "team-files" });
    return guardClient(bot, raw, { attestation: { audience } });
  };
  const rules = () => refusals.map((error) => error.decision?.rule);
  const reasons = () => refusals.map((error) => error.decision?.reason ?? "");
  return { raw, ran, tokens, agentSide, rules, reasons };
}

const write = (path: string) => ({ name: "write_file", arguments: { path } });
const withToken = (call: { name: string; arguments: Record<string, unknown> }, token: string | undefined) => ({
  ...call,
  _meta: { [MCP_ATTESTATION_META_KEY]: token },
});

describe("a server that requires attestations", () => {
  it("runs a call the client's gate attested, with the token it minted for that call", async () => {
    const s = await served();
    const result = (await s.agentSide().callTool(write("/srv/a"))) as Result;
    expect(textOf(result)).toBe("write_file /srv/a");
    expect(s.ran.mock.calls).toEqual([["write_file", "/srv/a"]]);
    expect(s.tokens[0]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  // Attack: call the server straight, without the guarded client (no token at all, or not a string).
  it("refuses a call without an attestation, naming the rule and what the client must send", async () => {
    const s = await served();
    for (const token of [undefined, 42 as unknown as string, "x".repeat(20_000)]) {
      const result = (await s.raw.callTool(withToken(write("/srv/a"), token))) as Result;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('rule "attestation-required"');
    }
    expect(s.ran).not.toHaveBeenCalled();
    expect(s.rules()).toEqual(["attestation-required", "attestation-required", "attestation-required"]);
    expect(s.reasons()[0]).toBe("the call carries no attestation");
  });

  // Attack: capture a token the client's gate minted, and replay it for another tool, other arguments, or again.
  it("refuses a captured token replayed to another tool, with other arguments, or a second time", async () => {
    const s = await served();
    await s.agentSide().callTool(write("/srv/a"));
    const [token] = s.tokens;
    await s.raw.callTool(withToken({ name: "delete_file", arguments: { path: "/srv/a" } }, token));
    await s.raw.callTool(withToken(write("/etc/passwd"), token));
    await s.raw.callTool(withToken(write("/srv/a"), token));
    expect(s.ran.mock.calls).toEqual([["write_file", "/srv/a"]]);
    expect(s.reasons()).toEqual([
      expect.stringMatching(/^the attestation does not count \(wrong-tool: .*write_file, not delete_file/),
      expect.stringMatching(/^the attestation does not count \(wrong-args:/),
      "the attestation was used already (it is good for one call)",
    ]);
  });

  // Attack: present a token after its lifetime (the server's clock is injected, 61 s on).
  it("refuses an expired attestation", async () => {
    const s = await served({ skewMs: 61_000 });
    const result = (await s.agentSide().callTool(write("/srv/a"))) as Result;
    expect(result.isError).toBe(true);
    expect(s.ran).not.toHaveBeenCalled();
    expect(s.reasons()).toEqual([expect.stringMatching(/^the attestation does not count \(expired:/)]);
  });

  // Attack: a token minted for another service, or by a gate whose key this server does not trust.
  it("refuses a token for another audience, or signed by another key", async () => {
    const s = await served();
    await s.agentSide(clientKey.privateKey, "billing-server").callTool(write("/srv/a"));
    await s.agentSide(generateAuditKey().privateKey).callTool(write("/srv/a"));
    expect(s.ran).not.toHaveBeenCalled();
    expect(s.reasons()).toEqual([
      expect.stringMatching(/^the attestation does not count \(wrong-audience:/),
      expect.stringMatching(/^the attestation does not count \(bad-signature:/),
    ]);
  });

  // Attack: forge the claims outright (any agent, an "allow" decision) with a key of one's own.
  it("refuses forged claims, and a genuine token whose gate decided deny", async () => {
    const s = await served();
    const claims = (effect: string, rule: string) => ({
      agent: { id: "agt_x", name: "files-bot", owner: "team-files" },
      chain: ["agt_x"],
      tool: "write_file",
      argsHash: hashArguments({ path: "/srv/a" }),
      decision: { effect, rule },
    });
    const mint = (privateKey: string, effect: string) =>
      mintAttestation(claims(effect, "files"), { privateKey, ttl: "60s", audience: AUDIENCE });
    await s.raw.callTool(withToken(write("/srv/a"), await mint(generateAuditKey().privateKey, "allow")));
    await s.raw.callTool(withToken(write("/srv/a"), await mint(clientKey.privateKey, "deny"))); // a shadow call
    expect(s.ran).not.toHaveBeenCalled();
    expect(s.reasons()).toEqual([
      expect.stringMatching(/\(bad-signature:/),
      `the client's gate did not allow the call (rule "files")`,
    ]);
  });

  it("refuses, when it is guarded, a key that is not Ed25519 or a missing audience", async () => {
    const gate = createGate({ policy });
    const identify = () => undefined;
    const make = () => new McpServer({ name: AUDIENCE, version: "1.0.0" });
    const attestation = (publicKey: string, audience: string) => ({
      gate,
      identify,
      attestation: { publicKey, audience },
    });
    expect(() => guardServer(make(), attestation("not a key", AUDIENCE))).toThrow(/key cannot be read/);
    expect(() => guardServer(make(), attestation(clientKey.publicKey, ""))).toThrow(/needs the `audience`/);
  });

  // A custom store written before `once` existed: it cannot remember a used token, so nothing is guarded with it.
  it("refuses, when it is guarded, a gate whose store cannot remember used attestations", () => {
    const { once: _once, ...forgetful } = memoryStore();
    const gate = createGate({ policy, store: forgetful as unknown as Store });
    const options = {
      gate,
      identify: () => undefined,
      attestation: { publicKey: clientKey.publicKey, audience: AUDIENCE },
    };
    expect(() => guardServer(new McpServer({ name: AUDIENCE, version: "1.0.0" }), options)).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT", message: expect.stringContaining("store.once.take") }),
    );
  });
});

describe("the guarded client's _meta", () => {
  // Attack: the caller slips a token minted elsewhere into _meta; without `attestation` none is sent.
  it("never forwards the caller's own value for the attestation key", async () => {
    const s = await served();
    const gate = createGate({ policy, audit: { signingKey: clientKey.privateKey } });
    const plain = guardClient(gate.agent({ name: "files-bot", owner: "team-files" }), s.raw);
    await plain.callTool(withToken(write("/srv/a"), "smuggled"));
    expect(s.reasons()).toEqual(["the call carries no attestation"]);
    expect(s.ran).not.toHaveBeenCalled();
  });
});
