// Ten honest workflows with the same tools and the same presets: none combines a preset's legs, so every call
// runs and no approver is ever asked — with the sane monitors merged too, none of which fires.
import { describe, expect, it } from "vitest";
import { world as newWorld, seedTools, type World } from "./world.js";

function expectUnasked(w: World, calls: number) {
  expect(w.outcomes.filter((outcome) => outcome.outcome !== "ran")).toEqual([]);
  expect(w.outcomes).toHaveLength(calls);
  expect(w.asked).toEqual([]);
  expect(w.anomalies).toEqual([]);
}

describe.each([
  { monitors: false, title: "honest work passes unasked" },
  { monitors: true, title: "honest work passes unasked, with the sane monitors merged" },
])("$title", ({ monitors }) => {
  const world = (options: Parameters<typeof newWorld>[0] = {}) => newWorld({ ...options, monitors });

  it("1. a release: read the build manifest, deploy (no untrusted input before)", async () => {
    const w = world();
    const t = seedTools(w);
    const ops = w.agent("ops-bot");
    await w.call(ops, t.extract, "r1");
    await w.call(ops, t.deploy, "r1");
    expectUnasked(w, 2);
  });

  it("2. support triage: read the inbox, look up the customer, draft an answer for a human", async () => {
    const w = world();
    const t = seedTools(w);
    const bot = w.agent();
    await w.call(bot, t.readMail, "t1");
    await w.call(bot, w.tool("crm.lookup", ["sensitive"]), "t1");
    await w.call(bot, w.tool("drafts.save"), "t1");
    expectUnasked(w, 3);
  });

  it("3. deploy first, then read the inbox for the release feedback", async () => {
    const w = world();
    const t = seedTools(w);
    const ops = w.agent("ops-bot");
    await w.call(ops, t.extract, "r2");
    await w.call(ops, t.deploy, "r2");
    await w.call(ops, t.readMail, "r2");
    expectUnasked(w, 3);
  });

  it("4. research: a web search, then a message to the team (untrusted + egress, no private data)", async () => {
    const w = world();
    const bot = w.agent("research-bot");
    await w.call(bot, w.tool("web.search", ["untrusted"]), "q1");
    await w.call(bot, w.tool("chat.post", ["egress"]), "q1");
    expectUnasked(w, 2);
  });

  it("5. a notification: read the customer's record, email them (private + egress, nothing untrusted)", async () => {
    const w = world();
    const bot = w.agent("notify-bot");
    await w.call(bot, w.tool("crm.lookup", ["sensitive"]), "n1");
    await w.call(bot, w.tool("email.send", ["egress"]), "n1");
    expectUnasked(w, 2);
  });

  it("6. an incident review: search and export the logs (reading the trail is not touching it)", async () => {
    const w = world();
    const t = seedTools(w);
    const sre = w.agent("sre-bot");
    await w.call(sre, t.readMail, "i1");
    await w.call(sre, w.tool("logs.search"), "i1");
    await w.call(sre, w.tool("audit.export", ["sensitive"]), "i1");
    expectUnasked(w, 3);
  });

  it("7. cleanup: delete temporary files with no untrusted input before", async () => {
    const w = world();
    const ops = w.agent("ops-bot");
    await w.call(ops, w.tool("fs.list", ["sensitive"]), "c1");
    await w.call(ops, w.tool("fs.delete", ["destructive"]), "c1");
    expectUnasked(w, 2);
  });

  it("8. one agent reads the poisoned inbox, another (another root name) deploys", async () => {
    const w = world();
    const t = seedTools(w);
    await w.call(w.agent("support-bot"), t.readMail, "t1");
    await w.call(w.agent("ops-bot"), t.extract, "r1");
    await w.call(w.agent("ops-bot"), t.deploy, "r1");
    expectUnasked(w, 3);
  });

  it("9. yesterday's email, today's deploy: the marks last 24 hours", async () => {
    const w = world();
    const t = seedTools(w);
    const bot = w.agent();
    await w.call(bot, t.readMail, "monday");
    w.clock.advance(24 * 3_600_000 + 1);
    await w.call(bot, t.deploy, "tuesday");
    expectUnasked(w, 2);
  });

  it("10. names that only look like log deletion, up to the ceiling of 60 calls a minute", async () => {
    const w = world();
    const bot = w.agent("catalog-bot");
    const names = ["catalog.delete", "blog.remove", "login.clear", "deleteLoginAttempts", "changelog.edit"];
    const tools = names.map((name) => w.tool(name, ["destructive"]));
    for (let round = 0; round < 12; round++) for (const tool of tools) await w.call(bot, tool, "c1");
    expectUnasked(w, 60);
  });
});
