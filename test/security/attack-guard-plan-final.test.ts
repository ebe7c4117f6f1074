// A guard decides from the candidate rules and limit draws it looked up on its first call. What it must still
// read per call: suspension (of the agent or any ancestor), the mode of each rule (a shadow rule never enforces),
// every guard's share of a name's budget, and the input of each call, however calls on a cold guard interleave.
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, passthroughSchema } from "../../src/index.js";

const echo = (name: string) =>
  defineTool({ name, input: passthroughSchema<Record<string, unknown>>(), risk: "low", execute: (input) => input });

describe("attacks on a guard's plan (final)", () => {
  it("a delegate's guard warmed before its parent was suspended is refused, and allowed again on resume", async () => {
    const policy = definePolicy({ rules: [{ id: "all", tools: ["crm.*"], effect: "allow" }] });
    const gate = createGate({ policy });
    const lead = gate.agent({ name: "lead", owner: "t" });
    const helper = lead.delegate({ name: "helper", tools: ["crm.read"] });
    const warmed = helper.guard(echo("crm.read"));
    await expect(warmed.call({ n: 1 })).resolves.toEqual({ n: 1 });
    await gate.suspend(lead.id, "incident");
    await expect(warmed.call({ n: 2 })).rejects.toMatchObject({ code: "AGENT_SUSPENDED" });
    await gate.resume(lead.id);
    await expect(warmed.call({ n: 3 })).resolves.toEqual({ n: 3 });
  });

  it("a shadow allow never grants, and a shadow deny never refuses, through a warmed guard", async () => {
    const policy = definePolicy({
      rules: [
        { id: "reads", tools: ["crm.read"], effect: "allow" },
        { id: "trial-deny", tools: ["crm.read"], effect: "deny", mode: "shadow", when: { path: { startsWith: "/x" } } },
        { id: "trial-open", tools: ["db.drop"], effect: "allow", mode: "shadow" },
      ],
    });
    const agent = createGate({ policy }).agent({ name: "bot", owner: "t" });
    const read = agent.guard(echo("crm.read"));
    const drop = agent.guard(echo("db.drop"));
    for (let i = 0; i < 2; i++) {
      await expect(read.call({ path: "/x/1" })).resolves.toEqual({ path: "/x/1" });
      await expect(drop.call({})).rejects.toMatchObject({ code: "TOOL_DENIED", decision: { rule: "default-deny" } });
    }
  });

  it("instances and delegates of one name share its budget across their own guards, warmed in any order", async () => {
    const policy = definePolicy({
      rules: [{ id: "mail", tools: ["mail.send"], effect: "allow", approval: false }],
      limits: [{ id: "mail-rate", agents: ["bot"], tools: ["mail.send"], max: 3, window: "1h" }],
    });
    const gate = createGate({ policy });
    const first = gate.agent({ name: "bot", owner: "t" });
    const second = gate.agent({ name: "bot", owner: "t" });
    const delegate = first.delegate({ name: "writer", tools: ["mail.send"] });
    const guards = [first, second, delegate].map((agent) => agent.guard(echo("mail.send")));
    for (const guard of guards) await expect(guard.call({})).resolves.toEqual({});
    for (const guard of [...guards, first.guard(echo("mail.send"))]) {
      await expect(guard.call({})).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
    }
  });

  it("two calls racing a cold guard's first call are each decided by their own input", async () => {
    const policy = definePolicy({
      rules: [
        { id: "files", tools: ["file.read"], effect: "allow" },
        { id: "no-etc", tools: ["file.read"], effect: "deny", when: { path: { startsWith: "/etc" } } },
      ],
    });
    const agent = createGate({ policy }).agent({ name: "bot", owner: "t" });
    const read = agent.guard(echo("file.read"));
    const results = await Promise.allSettled([
      read.call({ path: "/srv/a" }),
      read.call({ path: "/etc/shadow" }),
      read.call({ path: "/srv/b" }),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(results[1]).toMatchObject({ reason: { decision: { rule: "no-etc" } } });
  });

  it("a second gate's agent of the same name, and its guard of the same tool, decide by that gate alone", async () => {
    const open = definePolicy({ rules: [{ id: "open", tools: ["db.*"], effect: "allow" }] });
    const closed = definePolicy({ rules: [{ id: "closed", tools: ["db.drop"], effect: "deny" }] });
    const tool = echo("db.drop");
    const mine = createGate({ policy: open }).agent({ name: "bot", owner: "t" }).guard(tool);
    const theirs = createGate({ policy: closed }).agent({ name: "bot", owner: "t" }).guard(tool);
    await expect(mine.call({})).resolves.toEqual({});
    await expect(theirs.call({})).rejects.toMatchObject({ decision: { rule: "closed" } });
    await expect(mine.call({})).resolves.toEqual({});
  });
});
