// The one-pass writer of a gate's call entries must make exactly the entry and text the general builder and
// writer make of the same input: the chain's format is a contract, and a hostile field must only ever send an
// entry to the general writer, never change what is recorded.
import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agentPiece, buildEntry, decisionPiece, toolPiece } from "../../src/ledger/build.js";
import { builtEntryText } from "../../src/ledger/built-text.js";
import { callEntry } from "../../src/ledger/call-entry.js";
import type { EntryInput } from "../../src/ledger/kinds.js";

const RUNS = process.env.CI ? 10_000 : 1_000;

// Mostly what a gate writes (ids, hex, codes), often what an attacker would (quotes, controls, surrogates).
const text = fc.oneof(
  { weight: 12, arbitrary: fc.stringMatching(/^[\w.:-]{0,24}$/) },
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom('"', "\\", "\n", "\u0000", "\ud800", "a\udc00b", "😀", "\u2028", "é"),
);
const loose = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 30, arbitrary: arb },
    { weight: 1, arbitrary: fc.oneof(fc.jsonValue(), fc.double(), fc.constant(undefined)) },
  );
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(loose(arb), { nil: undefined, freq: 3 });
const piece = <T extends object>(arb: fc.Arbitrary<T>, make: (value: T) => unknown) =>
  fc.oneof({ weight: 4, arbitrary: arb.map(make) }, { weight: 1, arbitrary: loose(arb) });

const agent = fc.record(
  { id: text, name: text, owner: text, chain: fc.array(text, { maxLength: 3 }), root: text },
  { requiredKeys: ["id", "name", "owner", "chain"] },
);
const decision = fc.record(
  { effect: text, rule: text, reason: text, shadow: fc.record({ effect: text, rule: text, reason: text, by: text }) },
  { requiredKeys: ["effect", "rule", "reason"] },
);
const approvals = fc.oneof(
  { weight: 4, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: loose(fc.array(fc.record({ approver: text, by: text, approved: fc.boolean() }))) },
);
const facts = {
  callId: loose(text),
  agent: piece(agent, agentPiece),
  tool: piece(fc.record({ name: text, risk: text }), toolPiece),
  decision: piece(decision, decisionPiece),
  approvals,
  conversationId: optional(text),
  clientRequestId: optional(text),
  argsHash: optional(text),
  arguments: fc.option(fc.jsonValue(), { nil: undefined, freq: 4 }),
};
const inputs = fc.oneof(
  fc.record(
    { kind: fc.constant("begin"), ...facts },
    { requiredKeys: ["kind", "callId", "agent", "tool", "decision", "approvals"] },
  ),
  fc.record(
    { kind: fc.constant("refusal"), ...facts, code: loose(text), beginSeq: optional(fc.nat()) },
    { requiredKeys: ["kind", "callId", "agent", "tool", "decision", "approvals", "code"] },
  ),
  fc.record(
    {
      kind: fc.constant("end"),
      callId: loose(text),
      beginSeq: loose(fc.nat()),
      outcome: loose(fc.constantFrom("allowed", "failed")),
      resultHash: optional(text),
      error: fc.option(fc.record({ type: text, message: text }), { nil: undefined, freq: 4 }),
      result: fc.option(fc.jsonValue(), { nil: undefined, freq: 4 }),
    },
    { requiredKeys: ["kind", "callId", "beginSeq", "outcome"] },
  ),
);
const link = fc.record({ writer: loose(text), seq: loose(fc.nat()), prevHash: loose(text), time: loose(text) });

describe("the one-pass writer of call entries", () => {
  it("makes the entry buildEntry makes and the text the writers make, or leaves the input to them", () => {
    let fast = 0;
    fc.assert(
      fc.property(inputs, link, (input, fields) => {
        const written = callEntry(input as never, fields as never);
        if (!written) return;
        fast++;
        const built = buildEntry(input as never, fields as never);
        expect(Object.keys(written.entry)).toEqual(Object.keys(built));
        expect(written.entry).toStrictEqual(built);
        expect(written.canonical).toBe(builtEntryText(built));
        expect(written.canonical).toBe(canonicalize(built));
      }),
      { numRuns: RUNS },
    );
    expect(fast).toBeGreaterThan(RUNS / 50); // the property is not vacuous
  }, 60_000);

  it("writes every entry of a gate's shape itself, whatever well-formed text its fields hold, as the writers would", () => {
    // Any code unit but a surrogate (quotes, backslashes and controls included: they are escaped as JSON escapes them).
    const unit = fc
      .integer({ min: 0, max: 0xfffd })
      .filter((code) => code < 0xd800 || code > 0xdfff)
      .map((code) => String.fromCharCode(code));
    const bare = fc.string({ unit, maxLength: 30 });
    const shaped = fc.record({
      begin: fc.record({
        callId: bare,
        agent: fc
          .record({ id: bare, name: bare, owner: bare, chain: fc.array(bare, { maxLength: 2 }) })
          .map(agentPiece),
        tool: fc.record({ name: bare, risk: bare }).map(toolPiece),
        decision: fc.record({ effect: bare, rule: bare, reason: bare }).map(decisionPiece),
        conversationId: fc.option(bare, { nil: undefined }),
        clientRequestId: fc.option(bare, { nil: undefined }),
        argsHash: bare,
      }),
      end: fc.record({ beginSeq: fc.nat(), outcome: bare, resultHash: fc.option(bare, { nil: undefined }) }),
      refusedAfter: fc.option(fc.nat(), { nil: undefined }),
      link: fc.record({ writer: bare, seq: fc.nat(), prevHash: bare, time: bare }),
    });
    fc.assert(
      fc.property(shaped, ({ begin, end, refusedAfter, link: fields }) => {
        const beginSeq = refusedAfter === undefined ? {} : { beginSeq: refusedAfter };
        for (const input of [
          { kind: "begin" as const, ...begin, approvals: [] },
          { kind: "refusal" as const, ...begin, approvals: [], code: begin.callId, ...beginSeq },
          { kind: "end" as const, callId: begin.callId, ...end },
        ]) {
          // Any bare outcome, not only the two a gate writes: the writer must agree on every one.
          const written = callEntry(input as EntryInput, fields);
          const built = buildEntry(input as EntryInput, fields);
          expect(written?.entry).toStrictEqual(built);
          expect(written?.canonical).toBe(canonicalize(built));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("writes a gate's begin and end itself, and leaves approvals, captures, errors and lone surrogates to the general writer", () => {
    const fields = { writer: "w_1", seq: 3, prevHash: "a".repeat(64), time: "2026-01-01T00:00:00.000Z" };
    const begin = {
      kind: "begin" as const,
      callId: "call_1",
      agent: agentPiece({ id: "agt_1", name: "bot", owner: "team", chain: ["agt_1"] }),
      tool: toolPiece({ name: "refund.issue", risk: "high" }),
      decision: decisionPiece({ effect: "allow", rule: "r", reason: "allowed by rule r" }),
      approvals: [],
      argsHash: "b".repeat(64),
    };
    expect(callEntry(begin, fields)?.canonical).toBe(canonicalize(buildEntry(begin, fields)));
    const end = {
      kind: "end" as const,
      callId: "call_1",
      beginSeq: 2,
      outcome: "allowed" as const,
      resultHash: "c".repeat(64),
    };
    expect(callEntry(end, fields)?.canonical).toBe(canonicalize(buildEntry(end, fields)));
    const approved = { ...begin, approvals: [{ approver: "owner", by: "alice", approved: true }] };
    expect(callEntry(approved, fields)).toBeUndefined();
    expect(callEntry({ ...begin, arguments: { a: 1 } }, fields)).toBeUndefined();
    // A quote is escaped as the general writer escapes it; a lone surrogate is the general writer's to mend.
    const quoted = { ...begin, callId: 'call_"1' };
    expect(callEntry(quoted, fields)?.canonical).toBe(canonicalize(buildEntry(quoted, fields)));
    expect(callEntry({ ...begin, callId: "call_\ud800" }, fields)).toBeUndefined();
    expect(callEntry({ ...begin, kind: "refusal", code: undefined } as never, fields)).toBeUndefined();
    expect(callEntry({ ...begin, decision: { effect: "allow", rule: "r", reason: "x" } }, fields)).toBeUndefined();
    expect(callEntry({ ...end, error: { type: "Error", message: "boom" }, outcome: "failed" }, fields)).toBeUndefined();
    expect(callEntry(begin, { ...fields, writer: "w\udc001" })).toBeUndefined();
  });
});
