// presets.saneMonitors merged with the other presets into a broad grant: each monitor fires on the call past
// its threshold and not on the one at it (manual clock), takes its action, and lets honest work at that pace
// through.
import { describe, expect, it } from "vitest";
import { outcome, tool } from "../monitors/gate.js";
import { world } from "./world.js";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe("sane-monitors.burst: more than 60 calls a minute suspend the name", () => {
  it("60 calls within a minute run; the 61st is refused and suspends every instance; other names go on", async () => {
    const w = world({ monitors: true });
    const read = tool("crm.lookup", ["sensitive"]).tool;
    const bot = w.agent();
    for (let i = 0; i < 60; i++) {
      expect(await outcome(bot.guard(read).safeCall({}))).toBe("ran");
      w.clock.advance(i === 59 ? 0 : 1_000);
    }
    w.clock.advance(999); // 59.999 s after the first call
    expect(w.anomalies).toEqual([]);
    expect(await outcome(bot.guard(read).safeCall({}))).toBe("AGENT_SUSPENDED:sane-monitors.burst");
    expect(w.anomalies).toMatchObject([
      { monitor: "sane-monitors.burst", kind: "rate", action: "suspend", observed: 61, threshold: 60 },
    ]);
    expect(await outcome(w.agent().guard(read).safeCall({}))).toBe("AGENT_SUSPENDED:suspended");
    expect(await outcome(w.agent("ops-bot").guard(read).safeCall({}))).toBe("ran");
    expect(w.asked).toEqual([]);
  });

  it("a call as the first of the 60 leaves the window does not fire: one a second, for ten minutes, runs", async () => {
    const w = world({ monitors: true });
    const read = w.agent().guard(tool("crm.lookup").tool);
    for (let i = 0; i < 600; i++) {
      expect(await outcome(read.safeCall({}))).toBe("ran");
      w.clock.advance(1_000);
    }
    expect(w.anomalies).toEqual([]);
  });
});

describe("sane-monitors.probing: more than 10 refusals in 10 minutes suspend the name", () => {
  it("10 refusals leave the agent working; the 11th is recorded, and the calls after it are refused", async () => {
    const w = world({ monitors: true });
    const bot = w.agent();
    const wipe = bot.guard(tool("logs.delete", ["audit-tamper"]).tool);
    const read = bot.guard(tool("crm.lookup").tool);
    for (let i = 0; i < 10; i++) {
      expect(await outcome(wipe.safeCall({}))).toBe("TOOL_DENIED:audit-trail.by-name");
      w.clock.advance(MINUTE - 1); // ten refusals in 9 minutes
    }
    expect(await outcome(read.safeCall({}))).toBe("ran");
    expect(w.anomalies).toEqual([]);
    await wipe.safeCall({}); // the 11th, 9m59.99s after the first
    expect(w.anomalies).toMatchObject([
      { monitor: "sane-monitors.probing", kind: "denials", action: "suspend", observed: 11, threshold: 10 },
    ]);
    expect(await outcome(read.safeCall({}))).toBe("AGENT_SUSPENDED:suspended");
    expect(await w.gate.inventory()).toMatchObject([
      { name: "support-bot", suspended: { reason: expect.stringContaining('monitor "sane-monitors.probing"') } },
    ]);
  });

  it("refusals spread wider than 10 minutes do not add up", async () => {
    const w = world({ monitors: true });
    const bot = w.agent();
    const wipe = bot.guard(tool("logs.delete").tool);
    for (let i = 0; i < 30; i++) {
      await wipe.safeCall({});
      w.clock.advance(MINUTE);
    }
    expect(await outcome(bot.guard(tool("crm.lookup").tool).safeCall({}))).toBe("ran");
    expect(w.anomalies).toEqual([]);
  });
});

describe("sane-monitors.file-sweep: more than 100 distinct paths of sensitive tools in 10 minutes ask", () => {
  it("100 distinct paths and any repeat run unasked; the 101st asks, and so does every sensitive read for 15m", async () => {
    const w = world({ monitors: true });
    const bot = w.agent();
    const read = bot.guard(tool("files.read", ["sensitive"]).tool);
    for (let i = 0; i < 100; i++) {
      expect(await outcome(read.safeCall({ path: `/srv/share/${i}.pdf` }))).toBe("ran");
      w.clock.advance(5_000); // 12 a minute: under the burst
    }
    expect(await outcome(read.safeCall({ path: "/srv/share/0.pdf" }))).toBe("ran");
    expect(w.asked).toEqual([]);
    expect(await outcome(read.safeCall({ path: "/srv/share/100.pdf" }))).toBe(
      "APPROVAL_DENIED:sane-monitors.file-sweep",
    );
    expect(w.anomalies).toMatchObject([{ monitor: "sane-monitors.file-sweep", observed: 101, threshold: 100 }]);
    expect(w.asked.map((request) => request.reason)).toEqual([
      'monitor "sane-monitors.file-sweep" (fan-out): more than 100 distinct values of "path" in 10m; the agent\'s calls need approval for 15m',
    ]);
    w.clock.advance(14 * MINUTE);
    expect(await outcome(read.safeCall({ path: "/srv/share/1.pdf" }))).toBe("APPROVAL_DENIED:sane-monitors.file-sweep");
    expect(await outcome(bot.guard(tool("crm.lookup").tool).safeCall({}))).toBe("ran"); // not a sensitive tool
    w.clock.advance(MINUTE);
    expect(await outcome(read.safeCall({ path: "/srv/share/1.pdf" }))).toBe("ran");
  });

  it("paths of tools not tagged sensitive are not counted", async () => {
    const w = world({ monitors: true });
    const write = w.agent().guard(tool("drafts.save").tool);
    for (let i = 0; i < 150; i++) {
      expect(await outcome(write.safeCall({ path: `/tmp/draft-${i}` }))).toBe("ran");
      w.clock.advance(2_000);
    }
    expect(w.anomalies).toEqual([]);
  });
});

describe("sane-monitors.mass-mail: more than 50 distinct recipients of egress tools in an hour ask", () => {
  it("50 recipients in an hour run unasked; the 51st asks", async () => {
    const w = world({ monitors: true, approve: true });
    const send = w.agent("notify-bot").guard(tool("email.send", ["egress"]).tool);
    for (let i = 0; i < 50; i++) {
      expect(await outcome(send.safeCall({ to: `customer-${i}@example.com` }))).toBe("ran");
      w.clock.advance(MINUTE + 11_000); // 50 in 59m10s
    }
    expect(w.asked).toEqual([]);
    expect(await outcome(send.safeCall({ to: "customer-50@example.com" }))).toBe("ran");
    expect(w.asked).toMatchObject([{ rule: "sane-monitors.mass-mail" }]);
    expect(w.anomalies).toMatchObject([{ monitor: "sane-monitors.mass-mail", observed: 51, threshold: 50 }]);
  });

  it("one call to 51 recipients asks; one to 50 does not", async () => {
    const w = world({ monitors: true });
    const recipients = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `r${from + i}@example.com`);
    expect(
      await outcome(
        w
          .agent("a")
          .guard(tool("email.send", ["egress"]).tool)
          .safeCall({ to: recipients(50) }),
      ),
    ).toBe("ran");
    expect(
      await outcome(
        w
          .agent("b")
          .guard(tool("email.send", ["egress"]).tool)
          .safeCall({ to: recipients(51, 100) }),
      ),
    ).toBe("APPROVAL_DENIED:sane-monitors.mass-mail");
  });
});

describe("sane-monitors.new-risky-tool: a new deploy, destructive or egress tool after a week is an alert", () => {
  it("learns for 7 days from the first such call; after them a new one alerts once, runs, and asks nobody", async () => {
    const w = world({ monitors: true });
    const ops = w.agent("ops-bot");
    const run = async (name: string, tags: string[]) => outcome(ops.guard(tool(name, tags).tool).safeCall({}));
    expect(await run("deploy.release", ["deploy"])).toBe("ran");
    w.clock.advance(7 * DAY - 1);
    expect(await run("deploy.rollback", ["deploy"])).toBe("ran"); // the last millisecond of the week: learned
    expect(w.anomalies).toEqual([]);
    w.clock.advance(1);
    expect(await run("db.drop_table", ["destructive"])).toBe("ran");
    expect(w.anomalies).toMatchObject([
      {
        monitor: "sane-monitors.new-risky-tool",
        kind: "first-use",
        action: "alert",
        observed: 1,
        threshold: 0,
        detail: 'first use of tool "db.drop_table"',
      },
    ]);
    for (const [name, tags] of [
      ["db.drop_table", ["destructive"]],
      ["deploy.release", ["deploy"]],
      ["deploy.rollback", ["deploy"]],
      ["crm.lookup", ["sensitive"]], // new, but not risky
    ] as const) {
      expect(await run(name, [...tags])).toBe("ran");
    }
    expect(w.anomalies).toHaveLength(1);
    expect(w.asked).toEqual([]);
  });
});
