// `npm run demo` plays the seed's story: this runs it as CI does (no terminal, scripted approver) and checks
// the lines that tell it — where the chain is escalated and refused, the burst, the honest agent, the
// inventory, the span tree and the policy.
import { execFile } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";

let out = "";
beforeAll(async () => {
  out = await new Promise<string>((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, OTEL_EXPORTER_OTLP_ENDPOINT: undefined };
    execFile(process.execPath, ["--import", "tsx", "examples/seed-demo/main.ts"], { env }, (error, stdout, stderr) =>
      error ? reject(new Error(`the demo failed: ${stderr || error.message}`)) : resolve(stdout),
    );
  });
}, 60_000);

const line = (pattern: RegExp) => out.split("\n").find((text) => pattern.test(text));
const part = (n: number) => out.split(/\n(?=━━ )/).find((text) => text.startsWith(`━━ ${n} · `)) ?? "";

describe("npm run demo", () => {
  it("prints the policy it enforces, with every preset, as YAML that loads", async () => {
    const { loadPolicy } = await import("../src/index.js");
    const yaml = part(1).split("\n").slice(1).join("\n");
    const loaded = await loadPolicy(yaml.replace(/^ {2}/gm, ""));
    expect(loaded.definition.flows?.map((flow) => flow.id)).toContain("seed-chain.deploy-after-untrusted");
    expect(loaded.definition.rules.map((rule) => rule.id)).toEqual(["team-tools", "audit-trail.by-name"]);
    expect(loaded.definition.monitors?.find((monitor) => monitor.id === "sane-monitors.burst")).toMatchObject({
      kind: "rate",
      max: 60,
      action: "suspend",
    });
  });

  it("lets the poisoned email and the file through, escalates the deploy and the mail, refuses the log deletion", () => {
    const story = part(2);
    expect(story).toMatch(/✓ email\.read.*allowed/);
    expect(story).toMatch(/✓ files\.extract.*allowed/);
    expect(story).toMatch(/\? deploy\.release.*ESCALATED \[seed-chain\.deploy-after-untrusted\] → APPROVAL_DENIED/);
    expect(story).toMatch(
      /security was asked \(flow "seed-chain\.deploy-after-untrusted": "deploy\.release" after "email\.read"/,
    );
    expect(story).toMatch(/\? email\.send.*ESCALATED \[trifecta\.egress-after-untrusted-and-private\]/);
    expect(story).toMatch(/✗ logs\.delete.*REFUSED TOOL_DENIED \[audit-trail\.by-name\]/);
  });

  it("a burst monitor, not the host, suspends the agent: the anomaly shown, every instance and delegate stopped", () => {
    const burst = part(3);
    expect(burst).toMatch(/✗ files\.extract.*REFUSED AGENT_SUSPENDED \[sane-monitors\.burst\]\n/);
    expect(burst).toMatch(
      /↳ anomaly: sane-monitors\.burst \(rate\) observed 61, threshold 60: more than 60 watched calls in 1m → suspend\n/,
    );
    for (const who of ["support-bot", "restarted", "delegate"]) {
      expect(burst).toMatch(new RegExp(`✗ ${who} → email\\.read.*REFUSED AGENT_SUSPENDED \\[suspended\\]`));
    }
    expect(burst).not.toMatch(/LIMIT_EXCEEDED|✓/);
  });

  it("never stops the honest agent using the same tools", () => {
    const honest = part(4)
      .split("\n")
      .filter((text) => text.startsWith("  "));
    expect(honest.map((text) => text.trim().split(/[ (]/)[1])).toEqual([
      "files.extract",
      "deploy.release",
      "email.send",
      "email.read",
    ]);
    for (const text of honest) expect(text).toMatch(/^ {2}✓ .* allowed$/);
  });

  it("shows the inventory as a table and the span tree", () => {
    expect(line(/^ {2}agent +id +owner +calls +allowed +denials +status$/)).toBeDefined();
    const suspended = / suspended: monitor "sane-monitors\.burst" \(rate\): more than 60 watched calls in 1m$/;
    const rows = out.split("\n").filter((text) => / {2}(support-bot|mail-helper) +agt_/.test(text));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(suspended);
    expect(line(/^ {2}ops-bot +agt_\S+ +team-platform +4 +4 +0 +active$/)).toBeDefined();
    expect(part(6)).toMatch(/✓ invoke_agent support-bot[^\n]*\n {2}├─ ✓ execute_tool email\.read/);
    expect(part(6)).toMatch(/└─ ✗ execute_tool logs\.delete .*error\.type=TOOL_DENIED/);
    expect(part(6)).not.toMatch(/invoke_agent support-bot \(burst\)/);
  });
});
