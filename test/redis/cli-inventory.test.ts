// `toolgate inventory --redis URL`: the organisation's registry as the Redis store keeps it, read by the CLI from a
// real redis-server that real gates wrote to — agents of every replica, counts, suspensions, retired history.
import { Redis } from "ioredis";
import { beforeAll, describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, passthroughSchema } from "../../src/index.js";
import { redisStore } from "../../src/redis/index.js";
import { toolgate } from "../cli/run-cli.js";
import { hasRedis, redisSuite, startRedis } from "./server.js";

const policy = definePolicy({
  rules: [
    { id: "reads", tools: ["crm.read"], effect: "allow" },
    { id: "no-drop", tools: ["db.drop"], effect: "deny" },
  ],
});
const tool = (name: string) =>
  defineTool({ name, input: passthroughSchema<object>(), execute: async () => `${name} done` });

describe.skipIf(!hasRedis)("toolgate inventory --redis", { timeout: 30_000 }, () => {
  const redis = redisSuite();
  beforeAll(async () => {
    // Two replicas of one application, each with its own client, writing to one registry.
    for (const replica of [1, 2]) {
      const client = new Redis(redis.server.url);
      const store = await redisStore({ client, prefix: "acme" });
      const gate = createGate({ policy, store });
      const bot = gate.agent({ id: `agt_support_${replica}`, name: "support-bot", owner: "team-support" });
      await bot.guard(tool("crm.read")).call({});
      await bot.guard(tool("db.drop")).safeCall({});
      if (replica === 2) {
        const helper = bot.delegate({ name: "helper", tools: ["crm.read"] });
        await helper.guard(tool("crm.read")).call({});
        await helper.retire();
        await gate.suspend({ name: "support-bot" }, "refund burst");
      }
      await gate.close();
      await store.close();
      client.disconnect();
    }
  });

  it("lists every replica's agents with counts, suspension and retired history (--json)", async () => {
    const { code, stdout, stderr } = await toolgate(
      "inventory",
      "--redis",
      redis.server.url,
      "--prefix",
      "acme",
      "--json",
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const inventory = JSON.parse(stdout);
    expect(inventory.source).toEqual({ redis: redis.server.url, prefix: "acme" });
    const byId = Object.fromEntries(inventory.agents.map((agent: { id: string }) => [agent.id, agent]));
    expect(Object.keys(byId).sort()).toEqual(["agt_support_1", "agt_support_2", "agt_support_2/helper"]);
    expect(byId.agt_support_1).toMatchObject({ owner: "team-support", calls: 2, allowed: 1, denials: 1 });
    expect(byId.agt_support_1.tools.sort()).toEqual(["crm.read", "db.drop"]);
    // A name suspension stops every instance of the name, and the delegate under it.
    expect(byId.agt_support_1.suspended).toMatchObject({ target: { name: "support-bot" }, reason: "refund burst" });
    expect(byId["agt_support_2/helper"]).toMatchObject({ allowed: 1, retiredAt: expect.any(String) });
    expect(inventory.suspensions).toEqual([expect.objectContaining({ reason: "refund burst" })]);
  });

  it("prints a table, and another prefix is another (empty) registry", async () => {
    const table = await toolgate("inventory", "--redis", redis.server.url, "--prefix", "acme");
    expect(table.code).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines[0]).toBe(`3 agents in the registry at ${redis.server.url} (prefix acme), 1 suspension in force`);
    expect(lines.find((line) => line.startsWith("helper "))).toMatch(/retired \d{4}-/);
    expect(lines.find((line) => line.includes("agt_support_1 "))).toMatch(/suspended since \S+ \(refund burst\)$/);
    const other = await toolgate("inventory", "--redis", redis.server.url, "--json");
    expect(JSON.parse(other.stdout).agents).toEqual([]);
  });

  it("refuses trail files with --redis, --prefix alone, and says when the server cannot be reached (exit 2)", async () => {
    const both = await toolgate("inventory", "audit.jsonl", "--redis", redis.server.url);
    expect(both).toMatchObject({ code: 2, stderr: expect.stringContaining("either trail files or --redis") });
    const prefix = await toolgate("inventory", "audit.jsonl", "--prefix", "acme");
    expect(prefix).toMatchObject({ code: 2, stderr: expect.stringContaining("--prefix goes with --redis") });
    await redis.server.stop();
    const down = await toolgate("inventory", "--redis", redis.server.url);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain(`could not read the registry at ${redis.server.url}`);
    redis.server = await startRedis();
  });
});
