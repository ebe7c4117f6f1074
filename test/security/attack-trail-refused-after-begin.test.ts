// Attack on `toolgate inventory` (security model 6: the record tells what happened): a call refused after its
// `begin` was written — aborted, or its agent suspended, while the begin became durable — leaves a `begin` and a
// `refusal` naming it (its `beginSeq`). verifyAudit takes the refusal to close that begin; an inventory that did
// not counted the one call twice, once denied and once unended ("began and never ended": its tool may have run).

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createGate,
  definePolicy,
  defineTool,
  generateAuditKey,
  type LedgerBatch,
  memorySink,
  passthroughSchema,
  trailInventory,
  verifyAudit,
} from "../../src/index.js";

const key = generateAuditKey();
const policy = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] });

// A sink whose next write waits until released: the begin is appended but not yet durable, so the tool waits.
function heldSink() {
  const inner = memorySink();
  let hold: Promise<void> | undefined;
  let release = () => {};
  return {
    inner,
    holdNext() {
      hold = new Promise<void>((resolve) => {
        release = resolve;
      });
    },
    release: () => release(),
    sink: {
      head: inner.head,
      write: async (batch: LedgerBatch) => {
        const waiting = hold;
        hold = undefined;
        if (waiting) await waiting;
        inner.write(batch);
      },
    },
  };
}

async function inventoryOf(text: string) {
  const path = join(mkdtempSync(join(tmpdir(), "toolgate-refused-after-begin-")), "audit.jsonl");
  writeFileSync(path, text);
  const inventory = await trailInventory([path], { publicKey: key.publicKey });
  expect(inventory.verification.ok).toBe(true);
  return inventory;
}

describe("a call refused after its begin is counted once, as denied", () => {
  it("an abort while the begin becomes durable: one call, denied, not also unended", async () => {
    const held = heldSink();
    const gate = createGate({ policy, audit: { sink: held.sink, signingKey: key.privateKey } });
    let ran = 0;
    const tool = defineTool({
      name: "files.delete",
      input: passthroughSchema<object>(),
      execute: async () => {
        ran++;
        return "deleted";
      },
    });
    const bot = gate.agent({ name: "rogue-bot", owner: "team-b" }).guard(tool);
    await bot.call({});
    held.holdNext();
    const controller = new AbortController();
    const call = bot.safeCall({}, { signal: controller.signal });
    // The begin was appended (its write is held): abort before the tool may start.
    await Promise.resolve();
    controller.abort();
    held.release();
    const result = await call;
    expect(result.ok).toBe(false);
    expect(ran).toBe(1);
    await gate.close();
    const text = held.inner.text();
    expect(text).toContain('"code":"ABORTED"');
    expect(verifyAudit(text, { publicKey: key.publicKey }).ok).toBe(true);
    const { agents, unattributed } = await inventoryOf(text);
    const [agent] = agents;
    expect(agent?.calls).toEqual({ allowed: 1, failed: 0, denied: 1, unended: 0 });
    expect(agent?.tools).toEqual([{ name: "files.delete", calls: 2 }]);
    expect(unattributed.ends).toBe(0);
  });
});
