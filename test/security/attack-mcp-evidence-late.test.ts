// Late attacks on the record of the MCP SDK's own `tools/call` refusals: a server guarded before it registers any
// tool has no `tools/call` handler yet, so the SDK answers "Method not found" without any handler — a client probing
// made-up tool names must still leave a refusal on the gate's record. Once a tool is registered, the handler the SDK
// installs then is watched as well, and a gated call is never recorded as the SDK's refusal.
import type { Client as ClientV2 } from "@modelcontextprotocol/client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpServer as McpServerV2 } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { guardServer } from "../../src/adapters/mcp.js";
import { guardServer as guardServerV2 } from "../../src/adapters/mcp-v2.js";
import { createGate, definePolicy, memorySink } from "../../src/index.js";
import { linkedClient, linkedClientV2 } from "../adapters/fixtures/mcp.js";

const policy = definePolicy({ rules: [{ id: "all", agents: ["*"], tools: ["*"], effect: "allow" }] });
type Entry = Record<string, unknown> & { kind: string; tool?: { name?: string }; decision?: { rule?: string } };
type AnyServer = { registerTool: (name: string, config: object, run: () => Promise<unknown>) => unknown };

/** A guarded server with no tool; `declared`: it says it serves tools (so tools can be registered once connected). */
async function emptyServer(major: 1 | 2, declared = false, guarded = true) {
  const capabilities = declared ? { capabilities: { tools: {} } } : undefined;
  const sink = memorySink();
  const gate = createGate({ policy, audit: { sink } });
  const agent = gate.agent({ name: "alice-bot", owner: "team" });
  const options = { gate, identify: () => agent };
  let server: AnyServer;
  let mcp: Client | ClientV2;
  if (major === 1) {
    const v1 = new McpServer({ name: "empty", version: "1.0.0" }, capabilities);
    if (guarded) guardServer(v1, options);
    mcp = (await linkedClient(v1, "alice")).client;
    server = v1 as unknown as AnyServer;
  } else {
    const v2 = new McpServerV2({ name: "empty", version: "2.0.0" }, capabilities);
    if (guarded) guardServerV2(v2, options);
    mcp = (await linkedClientV2(v2, "alice")).client;
    server = v2 as unknown as AnyServer;
  }
  const call = (name: string) =>
    mcp.callTool({ name, arguments: {} }).then(
      (result) => result as { isError?: boolean },
      (error: Error) => ({ rejected: error.message }),
    );
  const entries = async () => {
    await gate.close();
    return sink.lines.map((line) => JSON.parse(line) as Entry).filter((entry) => entry.kind !== "checkpoint");
  };
  return { server, call, entries };
}

describe.each([1, 2] as const)("MCP SDK %i server guarded before it has any tool", (major) => {
  it("a probe of a made-up tool name is refused and recorded as an unknown-tool refusal", async () => {
    const { call, entries } = await emptyServer(major);
    const answer = await call("wipe_database");
    // The client is answered as the unguarded server answers it: "Method not found".
    const plain = await emptyServer(major, false, false);
    expect(answer).toEqual(await plain.call("wipe_database"));
    expect(JSON.stringify(answer)).toMatch(/Method not found/);
    const recorded = await entries();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.kind).toBe("refusal");
    expect(recorded[0]?.decision?.rule).toBe("unknown-tool");
  });

  it("a tool registered later is gated and recorded as a call; probes before and after it as refusals", async () => {
    const { server, call, entries } = await emptyServer(major, true);
    await call("wipe_database");
    server.registerTool("ping", {}, async () => ({ content: [{ type: "text", text: "pong" }] }));
    const ran = (await call("ping")) as { isError?: boolean; rejected?: string };
    expect(ran.rejected ?? ran.isError ?? false).toBe(false);
    await call("wipe_database");
    const recorded = await entries();
    expect(recorded.map((entry) => entry.kind)).toEqual(["refusal", "begin", "end", "refusal"]);
    expect([recorded[0]?.decision?.rule, recorded[3]?.decision?.rule]).toEqual(["unknown-tool", "unknown-tool"]);
  });
});
