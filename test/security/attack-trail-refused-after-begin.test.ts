// Attack on `toolgate inventory` and `policy generate` (security model 6: the record tells what happened): a call
// refused after its `begin` was written — aborted, or its agent suspended, while the begin became durable — leaves a
// `begin` and a `refusal` naming it (its `beginSeq`). verifyAudit takes the refusal to close that begin; an inventory
// that did not counted the one call twice, once denied and once unended ("began and never ended": its tool may have
// run), and `policy generate` counted it both as run (its begin: a grant, its arguments widening the conditions) and
// as refused.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createGate,
  createLedger,
  definePolicy,
  defineTool,
  generateAuditKey,
  generatePolicy,
  type LedgerBatch,
  memorySink,
  passthroughSchema,
  trailInventory,
  verifyAudit,
} from "../../src/index.js";
import { begin, refusal } from "../ledger/helpers.js";

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

function fileOf(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "toolgate-refused-after-begin-")), "audit.jsonl");
  writeFileSync(path, text);
  return path;
}

async function inventoryOf(text: string) {
  const inventory = await trailInventory([fileOf(text)], { publicKey: key.publicKey });
  expect(inventory.verification.ok).toBe(true);
  return inventory;
}

// One allowed call, then one aborted after its begin was appended (its write held) and before its tool started.
async function abortedTrail(): Promise<readonly string[]> {
  const held = heldSink();
  const gate = createGate({
    policy,
    audit: { sink: held.sink, signingKey: key.privateKey, captureArguments: true },
  });
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
  await bot.call({ path: "/srv/tmp/report.csv" });
  held.holdNext();
  const controller = new AbortController();
  const call = bot.safeCall({ path: "/etc/shadow" }, { signal: controller.signal });
  await Promise.resolve();
  controller.abort();
  held.release();
  expect((await call).ok).toBe(false);
  expect(ran).toBe(1);
  await gate.close();
  const text = held.inner.text();
  expect(text).toContain('"code":"ABORTED"');
  expect(verifyAudit(text, { publicKey: key.publicKey }).ok).toBe(true);
  return held.inner.lines;
}

// As an OTLP export carries them: one span per entry, newest first (a refusal before the begin it names).
const newestFirst = (lines: readonly string[]) =>
  JSON.stringify({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [...lines].reverse().map((line, index) => ({
              spanId: `${index}`,
              attributes: [{ key: "toolgate.audit.entry", value: { stringValue: line } }],
            })),
          },
        ],
      },
    ],
  });

const layouts = [
  ["JSONL", (lines: readonly string[]) => `${lines.join("\n")}\n`],
  ["an OTLP export, newest first", newestFirst],
] as const;

describe("a call refused after its begin is counted once, as denied", () => {
  for (const [trail, shape] of layouts) {
    it(`an abort while the begin becomes durable: one call, denied, not also unended (${trail})`, async () => {
      const { agents, unattributed } = await inventoryOf(shape(await abortedTrail()));
      const [agent] = agents;
      expect(agent?.calls).toEqual({ allowed: 1, failed: 0, denied: 1, unended: 0 });
      expect(agent?.tools).toEqual([{ name: "files.delete", calls: 2 }]);
      expect(unattributed.ends).toBe(0);
    });
  }
});

describe("policy generate counts a call refused after its begin once, as refused", () => {
  for (const [trail, shape] of layouts) {
    it(`one call ran and one was refused (ABORTED); only the one that ran is granted (${trail})`, async () => {
      const generated = await generatePolicy([fileOf(shape(await abortedTrail()))], { publicKey: key.publicKey });
      expect(generated.verification.ok).toBe(true);
      expect(generated.calls).toEqual({ ran: 1, unusable: 0 });
      expect(generated.refused).toEqual([
        { agent: "rogue-bot", tool: "files.delete", calls: 1, codes: { ABORTED: 1 } },
      ]);
      expect(generated.rules.map(({ derivedFrom }) => derivedFrom.map((source) => source.calls))).toEqual([[1]]);
      // The refused call's arguments widen no condition: what the policy grants is what ran.
      expect(generated.yaml).toContain("/srv/tmp");
      expect(generated.yaml).not.toContain("/etc");
    });
  }
});

describe("a refusal closes only the begin of its own call, as verifyAudit pairs them", () => {
  it("one naming the begin of another input (same call id and agent): both a denied call and an unended one", async () => {
    const sink = memorySink();
    const ledger = createLedger({ sink, signingKey: key.privateKey });
    await ledger.ready;
    const begun = ledger.append(begin("c-1"));
    if (!begun.ok) throw new Error(begun.message);
    ledger.append(
      refusal("c-1", { code: "ABORTED", approvals: [], argsHash: "b".repeat(64), beginSeq: begun.entry.seq }),
    );
    await ledger.close();
    const report = verifyAudit(sink.text(), { publicKey: key.publicKey });
    expect(report.breaks.map((finding) => finding.kind).sort()).toEqual(["unended", "unmatched"]);
    const path = fileOf(sink.text());
    const { agents } = await trailInventory([path], { publicKey: key.publicKey });
    expect(agents.map((agent) => agent.calls)).toEqual([{ allowed: 0, failed: 0, denied: 1, unended: 1 }]);
    const generated = await generatePolicy([path], { publicKey: key.publicKey });
    expect(generated.calls.ran).toBe(1);
    expect(generated.refused.map((row) => row.calls)).toEqual([1]);
  });
});
