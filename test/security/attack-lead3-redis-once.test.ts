// Attacks on redisStore's one-use keys (the MCP attestations a server accepts), worked out in a Lua script on Redis
// TIME. Lua reads the expiry as a number whatever it is: NaN became a key kept for the five-minute skew allowance
// alone, so an attestation whose `exp` lies past a Date's range (`expiresAt` NaN) was fresh again five minutes after
// its use, while it still verified for the rest of its hour; an infinite or huge expiry failed as "check that Redis is
// reachable". Also: the script cache flushed under the store. Real redis-server, no test clock.
import { createPrivateKey, randomUUID } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Redis } from "ioredis";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { guardServer, MCP_ATTESTATION_META_KEY } from "../../src/adapters/mcp.js";
import { hashArguments } from "../../src/approval/hash.js";
import { createGate, definePolicy, generateAuditKey, isToolgateError } from "../../src/index.js";
import { redisStore } from "../../src/redis/index.js";
import { hasRedis, type RedisServer, startRedis } from "../redis/server.js";

const SKEW = 5 * 60_000;
const HOUR = 60 * 60_000;

describe.skipIf(!hasRedis)("redisStore once.take on what it is given", () => {
  let server: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    server = await startRedis();
    client = new Redis(server.url);
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });
  const redisNow = async () => Number((await client.time())[0]) * 1000;
  const ttlOf = async (name: string) => {
    const [key] = await client.keys(`*once*${name}*`);
    return key === undefined ? undefined : client.pttl(key);
  };

  it("refuses an expiry that is no time (NaN, ±Infinity, beyond a safe integer), writing no key", async () => {
    const store = await redisStore({ client, prefix: "lead3-once" });
    try {
      for (const [name, at] of [
        ["nan", Number.NaN],
        ["infinity", Number.POSITIVE_INFINITY],
        ["minus-infinity", Number.NEGATIVE_INFINITY],
        ["huge", 1e21],
        ["minus-huge", -1e21],
      ] as const) {
        const taken = Promise.resolve(store.once.take(`bad-${name}`, at));
        await expect(taken, name).rejects.toSatisfy(
          (error) => isToolgateError(error) && error.code === "INVALID_ARGUMENT" && /expiresAtMs/.test(error.message),
        );
        expect(await ttlOf(`bad-${name}`), name).toBeUndefined();
      }
    } finally {
      await store.close();
    }
  });

  it("keeps a fractional or far expiry to the millisecond it names, plus the skew allowance", async () => {
    const store = await redisStore({ client, prefix: "lead3-once" });
    try {
      const now = await redisNow();
      expect(await store.once.take("fraction", now + 60_000.4)).toBe("fresh");
      expect(await ttlOf("fraction")).toBeGreaterThan(60_000 + SKEW - 5_000);
      expect(await ttlOf("fraction")).toBeLessThanOrEqual(60_001 + SKEW);
      const far = now + 10 * 365 * 24 * HOUR;
      expect(await store.once.take("far", far)).toBe("fresh");
      expect(await ttlOf("far")).toBeGreaterThan(far - now + SKEW - 5_000);
      expect(await store.once.take("far", far)).toBe("used");
    } finally {
      await store.close();
    }
  });

  it("takes a key once after the script cache was flushed under it (NOSCRIPT, then EVAL)", async () => {
    const store = await redisStore({ client, prefix: "lead3-once" });
    try {
      const until = (await redisNow()) + 60_000;
      expect(await store.once.take("before-flush", until)).toBe("fresh");
      await client.script("FLUSH");
      expect(await store.once.take("before-flush", until)).toBe("used");
      await client.script("FLUSH");
      expect(await store.once.take("after-flush", until)).toBe("fresh");
      expect(await store.once.take("after-flush", until)).toBe("used");
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(!hasRedis)("an attestation whose exp lies past a Date's range, on redisStore", () => {
  let server: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    server = await startRedis();
    client = new Redis(server.url);
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });

  it("is kept used for as long as it verifies (an hour from its issue), not five minutes", async () => {
    const key = generateAuditKey();
    const args = { path: "/srv/report" };
    const agent = { id: "agt_files", name: "files-bot", owner: "team-files" };
    // What the client's key holder may sign: toolgate's claims, issued now, with an `exp` no Date can hold.
    const token = await new SignJWT({
      toolgate: {
        agent,
        chain: [agent.id],
        tool: "write_file",
        argsHash: hashArguments(args),
        decision: { effect: "allow", rule: "files" },
      },
    })
      .setProtectedHeader({ alg: "EdDSA", typ: "toolgate-attestation+jwt" })
      .setSubject(agent.id)
      .setAudience("files-server")
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(1e13)
      .sign(createPrivateKey(key.privateKey));
    const store = await redisStore({ client, prefix: "lead3-attested" });
    const gate = createGate({
      policy: definePolicy({ rules: [{ id: "files", tools: ["write_file"], effect: "allow" }] }),
      store,
    });
    const bot = gate.agent({ name: "files-bot", owner: "team-files" });
    const ran = vi.fn();
    const mcp = new McpServer({ name: "files-server", version: "1.0.0" });
    mcp.registerTool("write_file", { inputSchema: { path: z.string() } }, async ({ path }) => {
      ran(path);
      return { content: [{ type: "text" as const, text: "wrote" }] };
    });
    guardServer(mcp, {
      gate,
      identify: () => bot,
      attestation: { publicKey: key.publicKey, audience: "files-server" },
    });
    const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverEnd);
    const mcpClient = new Client({ name: "files-bot", version: "1.0.0" });
    await mcpClient.connect(clientEnd);
    try {
      const call = () =>
        mcpClient.callTool({ name: "write_file", arguments: args, _meta: { [MCP_ATTESTATION_META_KEY]: token } });
      await call();
      expect(ran).toHaveBeenCalledOnce();
      const [used] = await client.keys("lead3-attested*once*");
      // jose accepts it until an hour after `iat`: its use must be remembered at least that long.
      expect(await client.pttl(used as string)).toBeGreaterThan(HOUR - 60_000);
      expect(((await call()) as { content: { text: string }[] }).content[0]?.text).toContain("used already");
      expect(ran).toHaveBeenCalledOnce();
    } finally {
      await mcpClient.close();
      await gate.close();
      await store.close();
    }
  });
});
