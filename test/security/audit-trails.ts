// Random honest trails for the audit tampering properties: calls that end, fail or are refused (rejected
// approvals among them), events, restarts clean or after a crash, idle time that triggers interval checkpoints.
import fc from "fast-check";
import { createLedger, entryHash, type LedgerHead, type MemorySink, memorySink } from "../../src/index.js";
import { begin, end, fakeClock, refusal } from "../ledger/helpers.js";

export type Op =
  | { readonly op: "call"; readonly outcome: "allowed" | "failed" }
  | { readonly op: "refused" }
  | { readonly op: "unavailable" }
  | { readonly op: "event" }
  | { readonly op: "restart"; readonly clean: boolean }
  | { readonly op: "wait" };

export const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        op: fc.constant("call" as const),
        outcome: fc.constantFrom("allowed" as const, "failed" as const),
      }),
    },
    { weight: 2, arbitrary: fc.constant({ op: "refused" as const }) },
    { weight: 1, arbitrary: fc.constant({ op: "unavailable" as const }) },
    { weight: 1, arbitrary: fc.constant({ op: "event" as const }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("restart" as const), clean: fc.boolean() }) },
    { weight: 1, arbitrary: fc.constant({ op: "wait" as const }) },
  ),
  { minLength: 1, maxLength: 12 },
);

export interface Trail {
  readonly lines: readonly string[];
  readonly head: LedgerHead;
}

// A crashed process writes no more: the next ledger gets a sink holding what was written, the old one keeps its own.
function survivor(sink: MemorySink): MemorySink {
  const next = memorySink();
  next.write({ entries: [], text: sink.text() });
  return next;
}

/** Plays the ops on ledgers over one ledger (a new ledger at each restart), signed, checkpoint every `every`. */
export async function buildTrail(steps: readonly Op[], every: number, privateKey: string): Promise<Trail> {
  let sink = memorySink();
  const { clock, advance } = fakeClock();
  const open = async () => {
    const ledger = createLedger({ sink, clock, signingKey: privateKey, checkpoint: { every, interval: "1m" } });
    await ledger.ready;
    return ledger;
  };
  let ledger = await open();
  let calls = 0;
  for (const step of steps) {
    const callId = `call-${++calls}`;
    if (step.op === "call" || step.op === "unavailable") {
      const begun = ledger.append(begin(callId, { arguments: { amount: calls * 10, note: "ünïcødé ✓" } }));
      if (!begun.ok) throw new Error(begun.message);
      // Refused after its begin (the begin never became durable): the same call, naming its begin's seq.
      const argsHash = "a".repeat(64); // begin()'s
      if (step.op === "unavailable")
        ledger.append(
          refusal(callId, { code: "AUDIT_UNAVAILABLE", approvals: [], argsHash, beginSeq: begun.entry.seq }),
        );
      else {
        const error = step.outcome === "failed" ? { type: "TypeError", message: "boom" } : undefined;
        ledger.append(end(callId, begun.entry.seq, { outcome: step.outcome, ...(error && { error }) }));
      }
    } else if (step.op === "refused") ledger.append(refusal(callId));
    else if (step.op === "event")
      ledger.append({ kind: "event", name: "anomaly", data: { monitor: "burst", count: calls } });
    else if (step.op === "wait") await advance(60_000);
    else {
      if (step.clean) await ledger.close();
      else {
        await ledger.flush();
        sink = survivor(sink);
      }
      ledger = await open();
    }
  }
  await ledger.close();
  return { lines: [...sink.lines], head: ledger.head };
}

/** The lines as JSONL text. */
export const jsonl = (lines: readonly string[]): string => lines.map((line) => `${line}\n`).join("");

/** A line's entry, parsed. */
export const parse = (line: string): Record<string, unknown> => JSON.parse(line) as Record<string, unknown>;

/** The line of an entry, with its hash recomputed (what an editor without the key can always do). */
export const rehashed = (entry: Record<string, unknown>): string =>
  JSON.stringify({ ...entry, hash: entryHash(entry) });
