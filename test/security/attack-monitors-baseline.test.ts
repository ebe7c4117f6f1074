// Forging a baseline: a baseline decides what first-use and sequence monitors let pass, so whoever can write the
// trail file must not be able to teach the monitors a tool. A trail is read only with the audit key's public half;
// a trail written without the key, or signed by another key, gives no baseline.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditFile, createGate, definePolicy, generateAuditKey, loadBaseline } from "../../src/index.js";
import { ALLOW_ALL, tool } from "../monitors/gate.js";

const real = generateAuditKey();

/** A trail in which support-bot "ran" deploy, written by the attacker's own gate (unsigned, or with its own key). */
async function forgedTrail(signingKey?: string) {
  const path = join(mkdtempSync(join(tmpdir(), "toolgate-forged-")), "audit.jsonl");
  const gate = createGate({
    policy: definePolicy({ rules: ALLOW_ALL }),
    audit: { sink: auditFile({ path }), ...(signingKey && { signingKey }) },
  });
  await gate.agent({ name: "support-bot", owner: "team" }).guard(tool("deploy").tool).call({});
  await gate.close();
  return path;
}

describe("a forged trail gives no baseline", () => {
  it("loadBaseline refuses to read a trail without the public key, unless told to trust it unsigned", async () => {
    const path = await forgedTrail();
    await expect(loadBaseline(path)).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringContaining("give `publicKey`"),
    });
    const trusted = await loadBaseline(path, { allowUnsigned: true });
    expect(trusted.knowsTool("support-bot", "deploy")).toBe(true); // the opt-out reads it, as documented
  });

  it("a trail written without a signing key, or signed by another key, does not verify against the real key", async () => {
    for (const path of [await forgedTrail(), await forgedTrail(generateAuditKey().privateKey)]) {
      await expect(loadBaseline(path, { publicKey: real.publicKey })).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
        message: expect.stringContaining("the trail does not verify"),
      });
    }
  });
});
