import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalEntry } from "../../src/ledger/canonical.js";
import { entryHash } from "../../src/ledger/hash.js";

const RUNS = process.env.CI ? 10_000 : 1_000;

// Strings as an attacker would write them: any code unit, lone surrogates included.
const text = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("\ud800", "a\udc00b", "é", "\u2028"));
// Mostly the right type, sometimes anything: the fast path must hand those to the generic writer.
const loose = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 20, arbitrary: arb },
    { weight: 1, arbitrary: fc.oneof(fc.jsonValue(), fc.double(), fc.constant(undefined)) },
  );
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(loose(arb), { nil: undefined, freq: 3 });

const agent = fc.record({
  id: loose(text),
  name: loose(text),
  owner: loose(text),
  chain: loose(fc.array(text, { maxLength: 3 })),
});
const approval = fc.record(
  { approver: loose(text), by: loose(text), approved: loose(fc.boolean()), reason: loose(text) },
  { requiredKeys: ["approver", "by", "approved"] },
);
const link = {
  v: loose(fc.constant(1)),
  writer: loose(text),
  seq: loose(fc.nat()),
  prevHash: loose(text),
  time: loose(text),
  hash: loose(text),
};
const call = {
  ...link,
  callId: loose(text),
  agent: loose(agent),
  conversationId: optional(text),
  clientRequestId: optional(text),
  tool: loose(fc.record({ name: loose(text), risk: loose(text) })),
  argsHash: optional(text),
  decision: loose(
    fc.record(
      {
        effect: loose(text),
        rule: loose(text),
        reason: loose(text),
        shadow: loose(
          fc.record(
            { effect: loose(text), rule: loose(text), reason: loose(text), by: loose(text) },
            { requiredKeys: ["effect", "rule", "reason"] },
          ),
        ),
      },
      { requiredKeys: ["effect", "rule", "reason"] },
    ),
  ),
  approvals: loose(fc.array(approval, { maxLength: 3 })),
  arguments: optional(fc.jsonValue()),
};
const kinds = {
  begin: call,
  refusal: { ...call, code: loose(text) },
  end: {
    ...link,
    callId: loose(text),
    beginSeq: loose(fc.nat()),
    outcome: loose(fc.constantFrom("allowed", "failed")),
    resultHash: optional(text),
    error: optional(fc.record({ type: loose(text), message: loose(text) })),
    result: optional(fc.oneof(fc.jsonValue(), fc.double())),
  },
  event: { ...link, name: loose(text), data: loose(fc.dictionary(text, fc.jsonValue())) },
  gap: { ...link, refused: loose(fc.nat()), callIds: loose(fc.array(text, { maxLength: 3 })) },
  checkpoint: {
    ...link,
    keyId: loose(text),
    signature: loose(text),
    every: optional(fc.nat()),
    closing: optional(fc.constant(true)),
  },
};
const entry = fc
  .constantFrom(...(Object.keys(kinds) as (keyof typeof kinds)[]))
  .chain((kind) =>
    fc
      .tuple(
        fc.record(kinds[kind] as Record<string, fc.Arbitrary<unknown>>, { requiredKeys: [] }),
        fc.option(fc.dictionary(text, fc.jsonValue(), { maxKeys: 2 }), { nil: undefined, freq: 5 }),
      )
      .map(([fields, extra]) => ({ ...extra, ...fields, kind })),
  );

const outcome = (write: () => string) => {
  try {
    return { text: write() };
  } catch {
    return { threw: true };
  }
};
const withoutHash = (value: Record<string, unknown>) => {
  const { hash: _hash, ...rest } = value;
  return rest;
};

describe("canonicalEntry", () => {
  it("writes what the canonicalize package writes for the entry without its hash, for any content", () => {
    fc.assert(
      fc.property(entry, (value) => {
        expect(outcome(() => canonicalEntry(value))).toEqual(outcome(() => canonicalize(withoutHash(value)) as string));
      }),
      { numRuns: RUNS },
    );
  });

  it("ignores key order and the hash, and refuses what RFC 8785 refuses", () => {
    const a = {
      v: 1,
      kind: "event",
      writer: "w",
      seq: 1,
      prevHash: "0",
      time: "t",
      name: "n",
      data: { b: 1, a: [2, { d: 1, c: 2 }] },
    };
    const b = {
      data: { a: [2, { c: 2, d: 1 }], b: 1 },
      name: "n",
      time: "t",
      prevHash: "0",
      seq: 1,
      writer: "w",
      kind: "event",
      v: 1,
      hash: "x",
    };
    expect(canonicalEntry(a)).toBe(
      '{"data":{"a":[2,{"c":2,"d":1}],"b":1},"kind":"event","name":"n","prevHash":"0","seq":1,"time":"t","v":1,"writer":"w"}',
    );
    expect(entryHash(b)).toBe(entryHash(a));
    expect(() => canonicalEntry({ ...a, name: "\ud800" })).toThrow(/surrogate/i);
    expect(() => canonicalEntry({ ...a, data: { n: Number.NaN } })).toThrow(/NaN/);
  });

  it("covers an extra key an editor adds, and a value's type", () => {
    const a = {
      v: 1,
      kind: "end",
      writer: "w",
      seq: 2,
      prevHash: "0",
      time: "t",
      callId: "c",
      beginSeq: 1,
      outcome: "allowed",
    };
    expect(entryHash({ ...a, note: "approved by the CEO" })).not.toBe(entryHash(a));
    expect(entryHash({ ...a, beginSeq: "1" })).not.toBe(entryHash(a));
  });
});
