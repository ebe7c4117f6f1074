// Impersonation across replicas (security model 1 and 6): a process makes an agent with the id another replica
// registered for another identity. The shared store refuses the registration; every call the impostor makes is
// refused — and recorded on its gate's ledger as a refusal naming why, never lost as a bare rejected promise.
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, memorySink, passthroughSchema } from "../../src/index.js";
import { hasRedis, redisSuite } from "../redis/server.js";

const policy = definePolicy({ rules: [{ id: "reads", tools: ["crm.read"], effect: "allow" }] });
const read = defineTool({ name: "crm.read", input: passthroughSchema<object>(), execute: async () => "rows" });
type Entry = { kind: string; code?: string; agent?: { id: string; name: string }; decision?: { rule: string } };

describe.skipIf(!hasRedis)("a registration the shared store refuses", { timeout: 20_000 }, () => {
  const redis = redisSuite();
  const replica = () => redis.replica({ prefix: "imp" });

  it("refuses the impostor's calls and records each refusal with the store's reason", async () => {
    const honestStore = await replica();
    const honest = createGate({ policy, store: honestStore });
    await honest.agent({ id: "agt_support", name: "support-bot", owner: "team-support" }).guard(read).call({});

    const sink = memorySink();
    const impostorStore = await replica();
    const gate = createGate({ policy, store: impostorStore, audit: { sink } });
    const impostor = gate.agent({ id: "agt_support", name: "evil-bot", owner: "team-evil" }).guard(read);
    for (const _ of [1, 2]) {
      await expect(impostor.call({})).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
        message: expect.stringContaining('agent id "agt_support" is taken by "support-bot"'),
      });
    }
    await gate.close();
    const refusals = sink.lines.map((line) => JSON.parse(line) as Entry).filter((e) => e.kind === "refusal");
    expect(refusals).toHaveLength(2);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ code: "INVALID_ARGUMENT", agent: { id: "agt_support", name: "evil-bot" } });
    }
    // The honest agent's record is not the impostor's to change: its counts are its own calls.
    expect(await honestStore.agents.get("agt_support")).toMatchObject({
      name: "support-bot",
      calls: 1,
      allowed: 1,
      denials: 0,
    });
    await honest.close();
    await Promise.all([honestStore.close(), impostorStore.close()]);
  });
});
