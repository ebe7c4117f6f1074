// Attack on `toolgate inventory --redis URL` (security model 6 and 7): the URL carries the store's password
// (`redis://:pw@host`), and the command printed it as given — in its heading, in `--json`'s `source`, and in the
// error when the store cannot be read — where CI logs and pasted output keep it. And a server that accepts the
// connection but never answers (hung, or not Redis) left the command waiting for ever. Real redis-server.
import { beforeAll, describe, expect, it } from "vitest";
import { registryInventory } from "../../src/cli/inventory/registry.js";
import { toolgate } from "../cli/run-cli.js";
import { hasRedis, redisSuite } from "../redis/server.js";

const PASSWORD = "s3cret-Pw-42";

describe.skipIf(!hasRedis)("toolgate inventory --redis with a password in the URL", { timeout: 30_000 }, () => {
  const redis = redisSuite(["--requirepass", PASSWORD]);
  let url: string;
  beforeAll(async () => {
    url = `redis://:${PASSWORD}@127.0.0.1:${redis.server.port}`;
  });

  it("never prints the password: not in the table, the JSON, or an error", async () => {
    const table = await toolgate("inventory", "--redis", url);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`redis://***@127.0.0.1:${redis.server.port}`);
    const json = await toolgate("inventory", "--redis", url, "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).source).toEqual({
      redis: `redis://***@127.0.0.1:${redis.server.port}`,
      prefix: "toolgate",
    });
    const wrong = await toolgate("inventory", "--redis", `redis://:${PASSWORD}x@127.0.0.1:${redis.server.port}`);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("could not read the registry at redis://***@127.0.0.1");
    for (const output of [table, json, wrong]) expect(output.stdout + output.stderr).not.toContain(PASSWORD);
  });

  it("gives up on a server that never answers, naming it", async () => {
    redis.server.pause();
    try {
      await expect(registryInventory(url, { timeoutMs: 100 })).rejects.toMatchObject({
        code: "STORE_UNAVAILABLE",
        message: expect.stringContaining(`could not read the registry at redis://***@127.0.0.1:${redis.server.port}`),
      });
    } finally {
      redis.server.resume();
    }
  });
});
