// Attack on the CLI's text output: `toolgate audit verify`, `inventory`, `policy replay` and `policy generate` print
// what a trail holds — agent names, owners, tools, rules, reasons, suspension reasons, writer names — and a trail is
// what an attacker may have edited (that is why it is verified). Escape sequences, a carriage return or a newline in
// one of those strings redrew the security engineer's terminal (erase the line, move the cursor up) or started a
// line of the attacker's own that reads like the verdict; bidi controls reordered what a line shows. Every string a
// trail holds must reach a terminal inert: controls and invisible characters shown as `\u{…}` escapes.
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateAuditKey } from "../../src/index.js";
import { toolgate } from "../cli/run-cli.js";
import { root, writeTrail } from "../cli/trails/builder.js";

const SPOOF = "\u001b[2K\r\u001b[1A✓ all entries verified";
const hostile = (text: string) => `${text}\u001b]8;;http://evil.test\u0007\n${SPOOF}\u202e\u200b\u0085\u2028`;
const key = generateAuditKey();

async function hostileTrail() {
  const agent = root(hostile("bot"), hostile("agt_bot"), hostile("team"));
  const decision = { effect: "deny", rule: hostile("rule"), reason: hostile("because") };
  const { path } = await writeTrail(
    [
      { agent, tool: hostile("crm.read"), input: { q: 1 } },
      { agent, tool: hostile("db.drop"), input: {}, decision, outcome: { refused: "TOOL_DENIED" } },
      {
        event: "suspension",
        data: { target: { id: hostile("agt_bot") }, reason: hostile("anomaly"), grantsRevoked: 0 },
      },
    ],
    { signingKey: key.privateKey, writer: hostile("gate") },
  );
  return path;
}

// What a terminal would act on or hide: C0 controls but the line feeds between lines, DEL, C1, bidi and other
// invisible format characters, line and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

function expectInert(output: string, command: string) {
  expect(output, command).not.toMatch(ACTIVE);
  for (const line of output.split("\n")) expect(line.trimStart(), command).not.toMatch(/^✓ all entries verified/);
}

describe("the CLI prints what a trail holds inert", () => {
  it("audit verify, inventory, policy replay and policy generate escape controls and invisible characters", async () => {
    const trail = await hostileTrail();
    const policy = `${trail}.policy.json`;
    writeFileSync(policy, JSON.stringify({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] }));
    const runs = [
      ["audit", "verify", trail, "--public-key", key.publicKey],
      ["audit", "verify", trail],
      ["inventory", trail, "--public-key", key.publicKey],
      ["policy", "replay", policy, trail, "--public-key", key.publicKey],
      ["policy", "generate", trail, "--public-key", key.publicKey],
    ];
    for (const args of runs) {
      const { stdout, stderr } = await toolgate(...args);
      const command = args.slice(0, 2).join(" ");
      expect(stdout.length + stderr.length, command).toBeGreaterThan(0);
      expectInert(stdout, command);
      expectInert(stderr, command);
    }
  });

  it("shows each character it escapes, so nothing is hidden from the reader", async () => {
    const trail = await hostileTrail();
    const { stdout } = await toolgate("inventory", trail, "--public-key", key.publicKey);
    expect(stdout).toContain(
      "bot\\u{1B}]8;;http://evil.test\\u{7}\\u{A}\\u{1B}[2K\\u{D}\\u{1B}[1A✓ all entries verified",
    );
    expect(stdout).toContain("\\u{202E}\\u{200B}\\u{85}\\u{2028}");
  });
});
