// Baselines: read from a recorded trail (ledger JSONL or an OTLP export, verified in the same pass) or written
// down; delegates' calls count for their root; a trail that does not verify gives no baseline.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditFile, baselineOf, createGate, definePolicy, generateAuditKey, loadBaseline } from "../../src/index.js";
import { otlpExport } from "../cli/trails/fixtures.js";
import { ALLOW_ALL, monitoredGate, tool } from "./gate.js";

const key = generateAuditKey();

/** A trail of real calls: support-bot reads mail, its delegate reads the CRM, then it replies; a refusal too. */
async function recordedTrail() {
  const path = join(mkdtempSync(join(tmpdir(), "toolgate-baseline-")), "audit.jsonl");
  const gate = createGate({
    policy: definePolicy({ rules: [...ALLOW_ALL, { id: "no-drop", tools: ["db.drop"], effect: "deny" }] }),
    audit: { sink: auditFile({ path }), signingKey: key.privateKey },
  });
  const bot = gate.agent({ name: "support-bot", owner: "team" });
  const helper = bot.delegate({ name: "crm-helper", tools: ["crm.*"] });
  for (let i = 0; i < 2; i++) {
    await bot.guard(tool("email.read").tool).call({});
    await helper.guard(tool("crm.read").tool).call({});
    await bot.guard(tool("email.reply").tool).call({});
  }
  await bot.guard(tool("db.drop").tool).safeCall({});
  await gate.agent({ name: "ops-bot", owner: "team" }).guard(tool("deploy").tool).call({});
  await gate.close();
  return path;
}

describe("loadBaseline", () => {
  it("reads the tools and sequences each root ran, delegates included, from JSONL and from OTLP alike", async () => {
    const path = await recordedTrail();
    const otlp = `${path}.otlp.json`;
    writeFileSync(otlp, otlpExport(readFileSync(path, "utf8").trimEnd().split("\n")));
    for (const trail of [path, otlp]) {
      const baseline = await loadBaseline(trail, { publicKey: key.publicKey });
      expect([...baseline.agents].sort()).toEqual(["ops-bot", "support-bot"]);
      expect(baseline.knowsTool("support-bot", "crm.read")).toBe(true);
      expect(baseline.knowsTool("Support-Bot", "email.reply")).toBe(true);
      expect(baseline.knowsTool("support-bot", "db.drop")).toBe(false); // refused: it never ran
      expect(baseline.knowsTool("support-bot", "deploy")).toBe(false); // another root's
      expect(baseline.knowsSequence("support-bot", ["email.read", "crm.read", "email.reply"])).toBe(true);
      expect(baseline.knowsSequence("support-bot", ["email.reply", "email.read", "crm.read", "email.reply"])).toBe(
        true,
      );
      expect(baseline.knowsSequence("support-bot", ["email.read", "email.reply"])).toBe(false);
    }
  });

  it("refuses a trail that does not verify, naming the break", async () => {
    const path = await recordedTrail();
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    const cut = `${path}.cut`;
    writeFileSync(cut, `${lines.filter((_, index) => index !== 2).join("\n")}\n`);
    await expect(loadBaseline(cut, { publicKey: key.publicKey })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringMatching(/loadBaseline: the trail does not verify \(\d+ break\(s\), first: /),
    });
    await expect(loadBaseline(join(tmpdir(), "no-such-trail.jsonl"), { publicKey: key.publicKey })).rejects.toThrow(
      /cannot read the trail file/,
    );
  });

  it("a gate with a baseline from its own trail lets the usual work pass and flags the new", async () => {
    const baseline = await loadBaseline(await recordedTrail(), { publicKey: key.publicKey });
    const { gate, anomalies } = monitoredGate(
      [
        { id: "new-tool", kind: "first-use", baseline: true, action: "alert" },
        { id: "odd", kind: "sequence", length: 3, baseline: true, action: "alert" },
      ],
      { baseline },
    );
    const bot = gate.agent({ name: "support-bot", owner: "team" });
    for (const name of ["email.read", "crm.read", "email.reply", "email.read"])
      await bot.guard(tool(name).tool).call({});
    expect(anomalies).toHaveLength(0);
    await bot.guard(tool("file.read").tool).call({});
    expect(anomalies.map((anomaly) => anomaly.monitor)).toEqual(["new-tool", "odd"]);
  });
});

describe("baselineOf", () => {
  it("takes one run or several per root, and refuses anything but tool names", () => {
    const baseline = baselineOf({ bot: [["a", "b"], ["c"]], other: ["x", "y"] });
    expect(baseline.knowsSequence("bot", ["a", "b"])).toBe(true);
    expect(baseline.knowsSequence("bot", ["b", "c"])).toBe(false);
    expect(baseline.knowsSequence("other", ["x", "y"])).toBe(true);
    expect(() => baselineOf({ bot: [1, 2] as never })).toThrow(/must map to the tool names it ran/);
  });
});
