// Attacks on how refusals made before the pipeline are counted (monitors, inventory, metrics): a hostile caller
// must not make them count for an agent it is not, flood the metrics' series, or get a contained or shadowed
// agent acted on differently from a pipeline refusal.

import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { metrics } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { guardServer } from "../../src/adapters/mcp.js";
import { modelCalls } from "../adapters/fixtures/langchain-calls.js";
import { linkedClient } from "../adapters/fixtures/mcp.js";
import { memoryMetrics } from "../helpers.js";
import { monitoredGate, tool } from "../monitors/gate.js";

const probing = { id: "probing", kind: "denials" as const, max: 2, window: "5m" as const, action: "suspend" as const };

afterEach(() => metrics.disable());

describe("counting refusals made before the pipeline", () => {
  // Attack: an MCP client no agent was identified for is refused again and again; it must not count against the
  // agent the server runs as (it would let an outsider suspend that agent), nor against anyone else.
  it("an unidentified MCP caller's refusals count for no agent", async () => {
    const { gate, anomalies } = monitoredGate([probing]);
    const bot = gate.agent({ name: "files-bot", owner: "team" });
    const server = new McpServer({ name: "files", version: "1.0.0" });
    server.registerTool("read_file", { inputSchema: { path: z.string() } }, async () => ({ content: [] }));
    guardServer(server, { gate, identify: () => undefined });
    const { client } = await linkedClient(server, "prober");
    for (let i = 0; i < 5; i++) await client.callTool({ name: "read_file", arguments: { path: "/etc/passwd" } });
    expect(anomalies).toEqual([]);
    expect(await gate.inventory()).toMatchObject([{ id: bot.id, denials: 0, suspended: undefined }]);
    await client.close();
  });

  // Attack: a model floods made-up tool names so the calls metric's 200 tool series fill with junk and the real
  // tools are reported as `other` from then on.
  it("a flood of made-up tool names does not take the metric's series", async () => {
    const reading = memoryMetrics();
    const { gate } = monitoredGate([], { meterProvider: reading.meterProvider });
    const bot = gate.agent({ name: "bot", owner: "team" });
    await modelCalls(
      bot,
      Array.from({ length: 250 }, (_, i) => `made.up.${i}`),
    );
    await bot.guard(tool("crm.read").tool).call({});
    const points = (await reading.metric("toolgate.calls"))?.dataPoints ?? [];
    const byTool = Object.fromEntries(points.map((point) => [point.attributes["gen_ai.tool.name"], point.value]));
    expect(byTool).toEqual({ other: 250, "crm.read": 1 });
  });

  // Attack: a suspended agent keeps making refused calls; they are not probing (its pipeline refusals are not
  // counted either) and must not fire the monitor again or extend anything.
  it("a contained agent's refusals before the pipeline are not counted", async () => {
    const { gate, anomalies } = monitoredGate([probing]);
    const bot = gate.agent({ name: "bot", owner: "team" });
    await gate.suspend({ name: "bot" }, "incident");
    for (let i = 0; i < 5; i++) await bot.guard(tool("crm.read").tool).safeCall({}, { callId: 7 as never });
    await modelCalls(bot, ["ghost", "ghost", "ghost"]);
    expect(anomalies).toEqual([]);
  });

  // Attack: in shadow mode a monitor's action is what would have been done; refusals outside the pipeline must
  // not suspend a shadowed agent where a pipeline refusal would not.
  it("in shadow mode the monitor records what it would do and suspends no one", async () => {
    const { gate, anomalies } = monitoredGate([probing], { mode: "shadow" });
    const bot = gate.agent({ name: "bot", owner: "team" });
    await modelCalls(bot, ["ghost", "ghost", "ghost"]);
    expect(anomalies).toMatchObject([{ monitor: "probing", enforced: false, observed: 3 }]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await bot.guard(tool("crm.read").tool).call({})).toBe("done");
  });

  // Attack: a second agent of the same owner but another name cannot be made to pay for the first one's probing.
  it("refusals count for the refused agent's root only", async () => {
    const { gate, anomalies } = monitoredGate([probing]);
    const bot = gate.agent({ name: "bot", owner: "team" });
    const other = gate.agent({ name: "other-bot", owner: "team" });
    await modelCalls(bot, ["ghost", "ghost", "ghost"]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(anomalies).toMatchObject([{ root: "bot" }]);
    expect(await other.guard(tool("crm.read").tool).call({})).toBe("done");
    expect((await bot.guard(tool("crm.read").tool).safeCall({})).ok).toBe(false);
  });
});
