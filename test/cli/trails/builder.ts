// Test trails written as the gate writes them: createLedger + auditFile, one `begin` before a tool starts and an
// `end` after, or one `refusal` for a call that never reached its tool; arguments only when captured.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  auditFile,
  createLedger,
  type EntryInput,
  hashArguments,
  type LedgerAgent,
  type LedgerApproval,
  type LedgerDecision,
  type LedgerHead,
} from "../../../src/index.js";

/** One recorded call: who, which tool, with what, what the policy decided, and how it ended. */
export interface RecordedCall {
  readonly agent: LedgerAgent;
  readonly tool: string;
  readonly risk?: "low" | "medium" | "high" | "critical";
  readonly input?: unknown;
  readonly decision?: LedgerDecision;
  readonly approvals?: readonly LedgerApproval[];
  /** `allowed` and `failed` ran the tool; a code is a refusal (the call never reached its tool). */
  readonly outcome?: "allowed" | "failed" | { readonly refused: string };
  /** Leave the call begun and never ended (the process died). */
  readonly unended?: true;
}

/** Something else the ledger holds, between calls. */
export interface RecordedEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

export interface TrailOptions {
  readonly capture?: boolean;
  readonly signingKey?: string;
  readonly every?: number;
  readonly writer?: string;
  readonly maxBytes?: number;
  /** Close the ledger (the closing checkpoint) at the end; default true. */
  readonly close?: boolean;
}

export const root = (name: string, id = `agt_${name}`, owner = `team-${name}`): LedgerAgent => ({
  id,
  name,
  owner,
  chain: [id],
});

export const delegate = (parent: LedgerAgent, name: string, id = name): LedgerAgent => ({
  id: `${parent.id}/${id}`,
  name,
  owner: parent.owner,
  chain: [...parent.chain, `${parent.id}/${id}`],
});

const allowed: LedgerDecision = { effect: "allow", rule: "recorded", reason: "allowed by rule recorded" };

function facts(call: RecordedCall, index: number, capture: boolean) {
  const input = call.input ?? {};
  return {
    callId: `call-${index}`,
    agent: call.agent,
    tool: { name: call.tool, risk: call.risk ?? "medium" },
    argsHash: hashArguments(input),
    decision: call.decision ?? allowed,
    approvals: [...(call.approvals ?? [])],
    ...(capture && { arguments: input }),
  };
}

function entriesOf(item: RecordedCall | RecordedEvent, index: number, capture: boolean): EntryInput[] {
  if ("event" in item) return [{ kind: "event", name: item.event, data: item.data }];
  const outcome = item.outcome ?? "allowed";
  if (typeof outcome === "object") {
    const { argsHash: _hash, ...rest } = facts(item, index, capture);
    return [{ kind: "refusal", ...rest, code: outcome.refused }];
  }
  return [{ kind: "begin", ...facts(item, index, capture) }];
}

/** Writes the calls and events to a new ledger file; returns its path and head. */
export async function writeTrail(
  items: readonly (RecordedCall | RecordedEvent)[],
  options: TrailOptions = {},
  path = join(mkdtempSync(join(tmpdir(), "toolgate-trail-")), "audit.jsonl"),
): Promise<{ path: string; head: LedgerHead }> {
  const { capture = true, signingKey, every, writer = "gate-1", maxBytes, close = true } = options;
  let tick = 0;
  const ledger = createLedger({
    sink: auditFile({ path, ...(maxBytes && { maxBytes }) }),
    writer,
    // Entry times one second apart from 2025-01-01T00:00:00Z, so "last activity" is known.
    clock: {
      wallTime: () => new Date(Date.UTC(2025, 0, 1) + 1000 * tick++).toISOString(),
      setTimeout: (run, ms) => setTimeout(run, ms).unref(),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    ...(signingKey && { signingKey, checkpoint: { every: every ?? 1_000 } }),
  });
  await ledger.ready;
  for (const [index, item] of items.entries()) {
    for (const input of entriesOf(item, index, capture)) {
      const appended = ledger.append(input);
      if (!appended.ok) throw new Error(appended.message);
      if (input.kind !== "begin" || (item as RecordedCall).unended) continue;
      const outcome = (item as RecordedCall).outcome === "failed" ? "failed" : "allowed";
      const ended = ledger.append({ kind: "end", callId: input.callId, beginSeq: appended.entry.seq, outcome });
      if (!ended.ok) throw new Error(ended.message);
    }
  }
  if (close) await ledger.close();
  else await ledger.flush();
  return { path, head: ledger.head };
}
