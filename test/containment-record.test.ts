// The kill switch is on record: suspending, resuming and revoking grants each write a ledger event the trail
// commands read (`toolgate inventory` shows suspensions from them).
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, memorySink } from "../src/index.js";

const events = (sink: ReturnType<typeof memorySink>) =>
  sink.lines.map((line) => JSON.parse(line)).filter((entry) => entry.kind === "event");

describe("containment in the ledger", () => {
  it("records suspension, resumption and revocation with their target and reason", async () => {
    const sink = memorySink();
    const gate = createGate({ policy: definePolicy({ rules: [] }), audit: { sink } });
    const bot = gate.agent({ name: "support-bot", owner: "team" });
    await gate.suspend(bot.id, "incident 42");
    await gate.resume(bot.id);
    await gate.suspend({ name: "support-bot" }, "all instances");
    expect(await gate.revokeGrants({ name: "support-bot" })).toBe(0);
    await gate.close();
    expect(events(sink).map(({ name, data }) => ({ name, data }))).toEqual([
      { name: "suspension", data: { target: { id: bot.id }, reason: "incident 42", grantsRevoked: 0 } },
      { name: "resumption", data: { target: { id: bot.id } } },
      { name: "suspension", data: { target: { name: "support-bot" }, reason: "all instances", grantsRevoked: 0 } },
      { name: "grants-revoked", data: { target: { name: "support-bot" }, count: 0 } },
    ]);
  });

  it("records nothing for a refused suspension", async () => {
    const sink = memorySink();
    const gate = createGate({ policy: definePolicy({ rules: [] }), audit: { sink } });
    await expect(gate.suspend("agt_unknown", "x")).rejects.toThrow(/no agent with id/);
    await expect(gate.suspend({ name: "bot" }, " ")).rejects.toThrow(/give a reason/);
    await gate.close();
    expect(events(sink)).toEqual([]);
  });
});
