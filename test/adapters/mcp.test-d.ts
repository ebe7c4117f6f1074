import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expectTypeOf, it } from "vitest";
import { guardClient, guardServer, type Identified, type McpRequestExtra } from "../../src/adapters/mcp.js";
import { createGate, definePolicy } from "../../src/index.js";

const gate = createGate({ policy: definePolicy({ rules: [] }) });
const bot = gate.agent({ name: "bot", owner: "team" });

class MyClient extends Client {
  readonly label = "mine";
}

describe("toolgate/mcp types", () => {
  it("guardClient returns the client type it was given, usable wherever a Client is", () => {
    const client = new Client({ name: "c", version: "1.0.0" });
    expectTypeOf(guardClient(bot, client)).toEqualTypeOf<Client>();
    expectTypeOf(guardClient(bot, new MyClient({ name: "c", version: "1" }))).toEqualTypeOf<MyClient>();
    expectTypeOf(guardClient(bot, client).callTool).toEqualTypeOf<Client["callTool"]>();
  });

  it("guardServer returns the server; identify maps a request to an agent or undefined", () => {
    const server = new McpServer({ name: "s", version: "1.0.0" });
    expectTypeOf(guardServer(server, { gate, identify: () => undefined })).toEqualTypeOf<McpServer>();
    expectTypeOf<McpRequestExtra["authInfo"]>().toExtend<{ clientId: string } | undefined>();
    guardServer(server, { gate, identify: async (extra) => (extra.authInfo ? bot : undefined) });
    // @ts-expect-error identify must return an Agent, { agent, conversationId? } or undefined, not a name
    guardServer(server, { gate, identify: () => "bot" });
    expectTypeOf<Parameters<typeof guardServer>[1]["identify"]>().returns.toEqualTypeOf<
      Identified | undefined | Promise<Identified | undefined>
    >();
  });
});
