// The writer of a call's entries (begin, refusal, end) from their built fields and pieces must write exactly what
// RFC 8785 writes for the entry: the hash chain's format is a contract.
import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agentPiece, buildEntry, decisionPiece, toolPiece } from "../../src/ledger/build.js";
import { builtEntryText, knownDigest, knownHash } from "../../src/ledger/built-text.js";
import { canonicalEntry } from "../../src/ledger/canonical.js";
import { createLedger } from "../../src/ledger/ledger.js";

const RUNS = process.env.CI ? 10_000 : 1_000;

// Strings as an attacker would write them: any code unit, lone surrogates included.
const text = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("\ud800", "a\udc00b", "é", "\u2028"));
// Mostly the right type, sometimes anything.
const loose = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 12, arbitrary: arb },
    { weight: 1, arbitrary: fc.oneof(fc.jsonValue(), fc.double(), fc.constant(undefined)) },
  );
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(loose(arb), { nil: undefined, freq: 3 });
// A part given as a plain object, or as the piece toolgate makes of it.
const orPiece = <T extends object>(arb: fc.Arbitrary<T>, piece: (value: T) => unknown) =>
  fc.oneof(
    loose(arb),
    arb.map((value) => {
      try {
        return piece(value);
      } catch {
        return value;
      }
    }),
  );

const agent = fc.record(
  { id: text, name: text, owner: text, chain: fc.array(text, { maxLength: 3 }), root: text },
  { requiredKeys: ["id", "name", "owner", "chain"] },
);
const tool = fc.record({ name: text, risk: text });
const shadow = fc.record({ effect: text, rule: text, reason: text, by: text });
const decision = fc.record(
  { effect: text, rule: text, reason: text, shadow },
  { requiredKeys: ["effect", "rule", "reason"] },
);
const approval = fc.record(
  { approver: loose(text), by: loose(text), approved: loose(fc.boolean()), reason: optional(text) },
  { requiredKeys: ["approver", "by", "approved"] },
);
const call = {
  callId: loose(text),
  agent: orPiece(agent, agentPiece),
  conversationId: optional(text),
  clientRequestId: optional(text),
  tool: orPiece(tool, toolPiece),
  argsHash: optional(text),
  decision: orPiece(decision, decisionPiece),
  approvals: loose(fc.array(approval, { maxLength: 3 })),
  arguments: optional(fc.oneof(fc.jsonValue(), fc.double())),
};
const inputs = fc.oneof(
  fc.record(
    { kind: fc.constant("begin"), ...call },
    { requiredKeys: ["kind", "callId", "agent", "tool", "decision", "approvals"] },
  ),
  fc.record(
    { kind: fc.constant("refusal"), ...call, code: loose(text) },
    { requiredKeys: ["kind", "callId", "agent", "tool", "decision", "approvals", "code"] },
  ),
  fc.record(
    {
      kind: fc.constant("end"),
      callId: loose(text),
      beginSeq: loose(fc.nat()),
      outcome: loose(fc.constantFrom("allowed", "failed")),
      resultHash: optional(text),
      error: optional(fc.record({ type: text, message: text })),
      result: optional(fc.oneof(fc.jsonValue(), fc.double())),
    },
    { requiredKeys: ["kind", "callId", "beginSeq", "outcome"] },
  ),
);
const link = fc.record({ writer: loose(text), seq: loose(fc.nat()), prevHash: loose(text), time: loose(text) });

const built = (input: unknown, fields: unknown): Record<string, unknown> | undefined => {
  try {
    return buildEntry(input as never, fields as never);
  } catch {
    return undefined; // not buildable: the ledger refuses it before any writer sees it
  }
};

describe("the writer of call entries", () => {
  it("writes what RFC 8785 writes for any built begin, refusal or end, or leaves it to the generic writer", () => {
    fc.assert(
      fc.property(inputs, link, (input, fields) => {
        const entry = built(input, fields);
        if (!entry) return;
        const fast = builtEntryText(entry);
        let generic: string | undefined;
        try {
          generic = canonicalize(entry) as string;
        } catch {
          generic = undefined;
        }
        if (fast !== undefined) expect(fast).toBe(generic);
        if (fast !== undefined) expect(fast).toBe(canonicalEntry(entry));
      }),
      { numRuns: RUNS },
    );
  }, 60_000);

  it("writes the entries a gate makes itself (well-typed, with pieces, hashes it computed) without the generic writer", () => {
    const fields = { writer: "w_1", seq: 7, prevHash: "a".repeat(64), time: "2026-01-01T00:00:00.000Z" };
    knownHash("a".repeat(64));
    knownDigest("b".repeat(64));
    const begin = buildEntry(
      {
        kind: "begin",
        callId: "call_1",
        agent: agentPiece({ id: "agt_1", name: "bot", owner: "team", chain: ["agt_1"] }),
        tool: toolPiece({ name: "refund.issue", risk: "high" }),
        decision: decisionPiece({ effect: "allow", rule: "refunds", reason: 'allowed by rule "refunds"' }),
        approvals: [{ approver: "owner", by: "alice", approved: true }],
        argsHash: "b".repeat(64),
        conversationId: "conv-\u2028",
      },
      fields,
    );
    expect(builtEntryText(begin)).toBe(canonicalize(begin));
    knownDigest("c".repeat(64));
    const ended = {
      kind: "end" as const,
      callId: "call_1",
      beginSeq: 7,
      outcome: "allowed" as const,
      resultHash: "c".repeat(64),
    };
    const failed = {
      kind: "end" as const,
      callId: "call_1",
      beginSeq: 7,
      outcome: "failed" as const,
      error: { type: "E", message: "m" },
    };
    for (const input of [ended, failed, ended]) {
      const end = buildEntry(input, fields);
      expect(builtEntryText(end)).toBe(canonicalize(end));
    }
  });

  it("a ledger's chain verifies entry by entry with the generic writer", () => {
    const ledger = createLedger({ writer: "w" });
    const piece = agentPiece({ id: "agt_1", name: "bot", owner: "team", chain: ["agt_1"] });
    for (let i = 0; i < 5; i++) {
      const appended = ledger.append({
        kind: "begin",
        callId: `c${i % 2}`,
        agent: piece,
        tool: { name: "t", risk: "low" },
        decision: { effect: "allow", rule: "r", reason: "why" },
        approvals: [],
        argsHash: "0".repeat(64),
      });
      if (!appended.ok) throw new Error(appended.message);
      const { hash, ...rest } = appended.entry;
      expect(appended.line).toBe(`${canonicalize(rest)?.slice(0, -1)},"hash":"${hash}"}`);
    }
  });
});
