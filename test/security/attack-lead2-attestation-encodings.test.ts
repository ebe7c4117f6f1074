// Attack on one-use MCP attestations (security model 1 and 8): the server remembers a used token by the hash of
// its text, but a compact JWS has more than one text for one signature. The signature's last base64url character
// carries two unused bits, and the decoder also takes `==` padding and a trailing newline: each re-spelling still
// verifies, hashes differently, and so was taken as fresh — one captured token ran the tool five times. And a
// store whose `once.take` answers something other than fresh/used/full (a careless custom store saying `true`)
// let every replay through. Real McpServer and Client, the memory store.
import { describe, expect, it } from "vitest";
import { MCP_ATTESTATION_META_KEY } from "../../src/adapters/mcp.js";
import { memoryStore, type Store } from "../../src/index.js";
import { attestedFilesServer, attestingClient, filesSeen, type Result } from "./attested-files.js";

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

async function server(store: Store) {
  const seen = filesSeen();
  const raw = await attestedFilesServer(store, seen);
  return { raw, agent: attestingClient(raw), ran: seen.ran, tokens: seen.tokens };
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
