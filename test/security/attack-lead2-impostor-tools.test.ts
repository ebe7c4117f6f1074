// Attack on the registry across replicas (security model 4 and 8): a process makes an agent with the id another
// replica registered for another identity. The store refuses the registration and every call, but `guard` noted
// each tool the impostor guarded in the id's inventory record — the honest agent's — so the organisation's
// inventory showed support-bot holding db.drop_users, which it was never given. And a delegate of the impostor
// registered as a delegate of the honest agent's id, and its calls ran. And in a trail of both replicas' ledgers,
// the impostor's refusals (recorded under the id they claimed) counted as the honest agent's denials and tools,
// or, read first, gave the honest agent's calls to "evil-bot". Real redis-server.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createGate,
  definePolicy,
  defineTool,
  memorySink,
  passthroughSchema,
  trailInventory,
} from "../../src/index.js";
import { hasRedis, redisSuite } from "../redis/server.js";

const policy = definePolicy({ rules: [{ id: "reads", tools: ["crm.read"], effect: "allow" }] });
const tool = (name: string) => defineTool({ name, input: passthroughSchema<object>(), execute: async () => "done" });

describe.skipIf(!hasRedis)("an impostor of an agent id", { timeout: 20_000 }, () => {
  const redis = redisSuite();
  const replica = () => redis.replica({ prefix: "imp" });

  it("adds no tool to the honest agent's inventory record", async () => {
    const honestStore = await replica();
    const honest = createGate({ policy, store: honestStore });
    await honest
      .agent({ id: "agt_support", name: "support-bot", owner: "team-support" })
      .guard(tool("crm.read"))
      .call({});

    const impostorStore = await replica();
    const gate = createGate({ policy, store: impostorStore });
    const impostor = gate.agent({ id: "agt_support", name: "evil-bot", owner: "team-evil" });
    const drop = impostor.guard(tool("db.drop_users"));
    await expect(drop.call({})).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    // A tool guarded once the refusal is known, and one guarded while it was pending, alike.
    impostor.guard(tool("payments.refund"));
    await expect(impostor.guard(tool("crm.read")).call({})).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });

    expect([...((await honestStore.agents.get("agt_support"))?.tools ?? [])].sort()).toEqual(["crm.read"]);
    await Promise.all([honest.close(), gate.close()]);
    await Promise.all([honestStore.close(), impostorStore.close()]);
  });

  it("runs no call of the impostor's delegates, and registers none under the honest agent's id", async () => {
    const honestStore = await replica();
    const honest = createGate({ policy, store: honestStore });
    await honest.agent({ id: "agt_sales", name: "sales-bot", owner: "team-sales" }).guard(tool("crm.read")).call({});

    const impostorStore = await replica();
    const gate = createGate({ policy, store: impostorStore });
    const impostor = gate.agent({ id: "agt_sales", name: "evil-bot", owner: "team-evil" });
    const early = impostor.delegate({ name: "helper", tools: ["crm.read"] });
    await expect(early.guard(tool("crm.read")).call({})).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringContaining('agent id "agt_sales" is taken by "sales-bot"'),
    });
    const late = impostor
      .delegate({ name: "later", tools: ["crm.read"] })
      .delegate({ name: "deeper", tools: ["crm.read"] });
    await expect(late.guard(tool("crm.read")).call({})).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });

    const ids = (await honestStore.agents.list()).map((agent) => agent.id);
    expect(ids.filter((id) => id.startsWith("agt_sales"))).toEqual(["agt_sales"]);
    await Promise.all([honest.close(), gate.close()]);
    await Promise.all([honestStore.close(), impostorStore.close()]);
  });

  it("keeps the impostor's refusals off the honest agent's row of a trail, whichever ledger is read first", async () => {
    const honestStore = await replica();
    const honestSink = memorySink();
    const honest = createGate({ policy, store: honestStore, audit: { sink: honestSink } });
    await honest.agent({ id: "agt_crm", name: "crm-bot", owner: "team-crm" }).guard(tool("crm.read")).call({});
    const impostorStore = await replica();
    const impostorSink = memorySink();
    const gate = createGate({ policy, store: impostorStore, audit: { sink: impostorSink } });
    const drop = gate.agent({ id: "agt_crm", name: "evil-bot", owner: "team-evil" }).guard(tool("db.drop_users"));
    for (const _ of [1, 2]) await expect(drop.call({})).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await Promise.all([honest.close(), gate.close()]);
    await Promise.all([honestStore.close(), impostorStore.close()]);

    const dir = mkdtempSync(join(tmpdir(), "toolgate-impostor-"));
    try {
      const honestFile = join(dir, "honest.jsonl");
      const impostorFile = join(dir, "impostor.jsonl");
      writeFileSync(honestFile, `${honestSink.lines.join("\n")}\n`);
      writeFileSync(impostorFile, `${impostorSink.lines.join("\n")}\n`);
      for (const files of [
        [honestFile, impostorFile],
        [impostorFile, honestFile],
      ]) {
        const { agents } = await trailInventory(files);
        const crm = agents.find((agent) => agent.name === "crm-bot");
        expect(crm).toMatchObject({ id: "agt_crm", owner: "team-crm", calls: { allowed: 1, denied: 0 } });
        expect(crm?.tools.map((t) => t.name)).toEqual(["crm.read"]);
        const evil = agents.find((agent) => agent.name === "evil-bot");
        expect(evil).toMatchObject({ id: "agt_crm", owner: "team-evil", calls: { allowed: 0, denied: 2 } });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
