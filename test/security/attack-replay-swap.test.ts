// Attack on `policy replay` (security model 6): it reads a trail twice — first to learn the agents and verify it,
// then to replay each call. Whoever can write the file swaps it between the two reads, so the report is made of
// entries nobody verified while it says the trail verified. The second read takes the bytes the first one verified:
// a rewritten file is refused; lines appended since (a live ledger) are left out.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { definePolicy, defineTool, generateAuditKey, passthroughSchema, replayTrail } from "../../src/index.js";
import { signedGate, trailFile } from "../helpers.js";

const key = generateAuditKey();
const recorded = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] });
const candidate = definePolicy({ rules: [{ id: "reads", tools: ["crm.read"], effect: "allow" }] });

async function trail(tools: readonly string[]): Promise<string> {
  const { gate, sink } = signedGate({ policy: recorded }, key);
  const bot = gate.agent({ name: "support-bot", owner: "team-support" });
  for (const name of tools) {
    await bot.guard(defineTool({ name, input: passthroughSchema<object>(), execute: async () => "ok" })).call({});
  }
  await gate.close();
  return sink.text();
}

/** Replays `path`, running `between` once the first read has taken the whole file. */
function replayWith(path: string, between: () => void) {
  let swapped = false;
  return replayTrail(candidate, [path], {
    publicKey: key.publicKey,
    onProgress: (read, total) => {
      if (!swapped && read >= total / 2) {
        swapped = true;
        between();
      }
    },
  });
}

describe("policy replay reports on the bytes it verified", () => {
  it("refuses a trail rewritten between its two reads", async () => {
    const genuine = await trail(["crm.read", "db.drop"]);
    const path = trailFile(genuine);
    // Same length, another call: the db.drop the candidate would deny becomes a crm.read it allows.
    const forged = genuine.replaceAll('"db.drop"', '"crm.rea"');
    await expect(replayWith(path, () => writeFileSync(path, forged))).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringContaining("changed between its two reads"),
    });
  });

  it("a live ledger appended to between the reads is replayed as far as it was verified", async () => {
    const path = trailFile(await trail(["crm.read", "db.drop"]));
    const more = (await trail(["db.drop", "db.drop"])).split("\n")[0] ?? "";
    const report = await replayWith(path, () => appendFileSync(path, `${more}\n`));
    expect(report.verification.ok).toBe(true);
    expect(report).toMatchObject({ calls: 2, changed: 1 });
    expect(readFileSync(path, "utf8")).toContain(more);
  });
});
