import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixture, toolgate } from "./run-cli.js";
import { trails } from "./trails/fixtures.js";

let t: Awaited<ReturnType<typeof trails>>;
beforeAll(async () => {
  t = await trails();
});

describe.concurrent("toolgate policy replay", { timeout: 20_000 }, () => {
  for (const captured of [true, false]) {
    it(`changes nothing on the trail a policy was generated from (exit 0), arguments ${captured ? "" : "not "}captured`, async () => {
      const trail = captured ? t.signed.path : t.uncaptured.path;
      const output = join(t.dir, `generated-${captured}.yaml`);
      expect((await toolgate("policy", "generate", trail, "--output", output)).code).toBe(0);
      const { code, stdout } = await toolgate("policy", "replay", output, trail, "--json");
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report).toMatchObject({
        calls: 20,
        replayed: 19,
        unchanged: 19,
        changed: 0,
        undetermined: 0,
        summary: [],
        changes: [],
      });
      expect(report.skipped).toEqual([
        { reason: "refused with AGENT_SUSPENDED, which replay does not remake", calls: 1 },
      ]);
      const text = await toolgate("policy", "replay", output, trail);
      expect(text.code).toBe(0);
      expect(text.stdout.split("\n")[0]).toBe(
        `${output} on 20 recorded calls: 19 replayed, no decision changes, 19 unchanged`,
      );
    });
  }

  it("exits 1 with what a candidate newly denies or escalates, per agent and rule", async () => {
    const { code, stdout } = await toolgate(
      "policy",
      "replay",
      fixture("candidate.policy.yaml"),
      t.signed.path,
      "--json",
    );
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ replayed: 19, changed: 6, undetermined: 0, withoutArguments: 0 });
    expect(report.summary).toEqual([
      { agent: "support-bot", rule: "default-deny", change: "denied", calls: 3, tools: ["db.export", "refund.issue"] },
      // fs.read is medium risk, and the candidate asks approval for medium too.
      { agent: "support-bot", rule: "support-read", change: "escalated", calls: 3, tools: ["fs.read"] },
    ]);
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        agent: "support-bot",
        tool: "refund.issue",
        recorded: { effect: "require_approval", rule: "refunds" },
        change: "denied",
      }),
    );
    expect(report.notes).toEqual([]);
    const text = await toolgate("policy", "replay", fixture("candidate.policy.yaml"), t.signed.path);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      "on 20 recorded calls: 19 replayed, it changes 6 decisions, 0 undetermined, 13 unchanged",
    );
    expect(text.stdout).toMatch(/^ {2}escalated {2}support-bot {2}support-read {2}3 {6}fs\.read$/m);
    expect(text.stdout).toMatch(/^ {2}denied {5}support-bot {2}default-deny {2}3 {6}db\.export, refund\.issue$/m);
    expect(text.stdout).toContain("support-bot → refund.issue: require_approval → deny by default-deny");
  });

  it("decides calls recorded without arguments on agent and tool alone, and says when a condition could decide", async () => {
    const { code, stdout } = await toolgate(
      "policy",
      "replay",
      fixture("candidate.policy.yaml"),
      t.uncaptured.path,
      "--json",
    );
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.withoutArguments).toBe(19);
    expect(report.notes).toContain(
      "19 calls were recorded without arguments (capture off): decided on their agent and tool alone",
    );
    // Every refund ran; without its amount, the `lte: 40` refund rule may or may not have allowed it.
    expect(report.summary).toContainEqual({
      agent: "support-bot",
      rule: "default-deny",
      change: "undetermined",
      calls: 4,
      tools: ["refund.issue"],
    });
    expect(report.summary).toContainEqual({
      agent: "support-bot",
      rule: "default-deny",
      change: "denied",
      calls: 1,
      tools: ["db.export"],
    });
    expect(report.undetermined).toBe(4);
  });

  it("exits 1 when the trail does not verify, and 2 for an invalid policy or a missing trail", async () => {
    const generated = join(t.dir, "for-broken.yaml");
    await toolgate("policy", "generate", t.signed.path, "--output", generated);
    const broken = await toolgate("policy", "replay", generated, t.edited, "--json");
    expect(broken.code).toBe(1);
    // The edited entry shows a customer the trail it was generated from never had.
    expect(JSON.parse(broken.stdout)).toMatchObject({ changed: 1, verification: { ok: false } });
    const invalid = await toolgate("policy", "replay", fixture("invalid.policy.yaml"), t.signed.path);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("is invalid (run `toolgate policy check");
    const missing = await toolgate("policy", "replay", generated);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'trail'");
  });
});
