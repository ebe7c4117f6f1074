// Attack on MCP attestations across replicas (security model 1 and 8): a server runs as several replicas behind a
// load balancer, sharing one Redis store. A hostile client captures a token the agent's gate minted for one call
// and replays it to another replica; each replica alone would take it as fresh. Real McpServer and Client.
import { describe, expect, it } from "vitest";
import { MCP_ATTESTATION_META_KEY } from "../../src/adapters/mcp.js";
import { hasRedis, redisSuite } from "../redis/server.js";
import { attestedFilesServer, attestingClient, type FilesSeen, filesSeen, type Result } from "./attested-files.js";

describe.skipIf(!hasRedis)("one-use attestations on server replicas sharing a Redis store", { timeout: 20_000 }, () => {
  const redis = redisSuite();

  /** One replica of the files server: its own gate on the shared store, reached by its own connection. */
  const replica = async (seen: FilesSeen) => attestedFilesServer(await redis.replica({ prefix: "files" }), seen);

  it("a token used on one replica is refused on the other", async () => {
    const seen = filesSeen();
    const { ran, tokens, refusals } = seen;
    const first = await replica(seen);
    const second = await replica(seen);
    const agent = attestingClient(first);
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
