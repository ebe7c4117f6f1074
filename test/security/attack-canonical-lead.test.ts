// The argsHash text (canonicalJson) after its fast paths: short strings checked by a char-code loop, numbers and
// booleans written without JSON.stringify, keys sorted by insertion sort up to 16 and Array#sort past that. Two
// different decided values never share a text (it parses back to the value), the text is always valid JSON, and it
// is what an approver's RFC 8785 library (canonicalize) writes wherever RFC 8785 writes anything; strings of 31, 32
// and 33 code units (where the loop hands over to the RegExp) with a quote, a backslash, a control, DEL, a lone
// surrogate or U+2028 anywhere in them; -0, 1e21, the smallest and largest doubles; integer-like keys in any order.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import {
  type ApprovalRequest,
  createGate,
  definePolicy,
  defineTool,
  hashArguments,
  passthroughSchema,
} from "../../src/index.js";
import { canonicalJson } from "../../src/internal/canonical.js";
import { freezeCopy } from "../../src/internal/snapshot.js";

const RUNS = process.env.CI ? 10_000 : 1_000;
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

// Code units an escape decision hangs on, mixed with plain ones.
const unit = fc.constantFrom(
  "a",
  "Z",
  " ",
  "é",
  "€",
  "\u007f",
  "\u0080",
  '"',
  "\\",
  "/",
  "\u0000",
  "\u0008",
  "\u001f",
  "\u0020",
  "\u2028",
  "\u2029",
  "\ud800",
  "\udbff",
  "\udc00",
  "\udfff",
  "\ud83d\ude00",
  "\ufeff",
  "\uffff",
);
const text = fc.oneof(
  fc.array(unit, { minLength: 0, maxLength: 40 }).map((units) => units.join("")),
  // 31 to 34 code units, one unit anywhere among plain letters: both sides of the 32-unit hand-over.
  fc.tuple(fc.integer({ min: 31, max: 34 }), fc.nat(), unit).map(([length, at, odd]) => {
    const plain = "x".repeat(length);
    const index = at % length;
    return `${plain.slice(0, index)}${odd}${plain.slice(index + 1)}`.slice(0, Math.max(length, index + odd.length));
  }),
  fc.string({ unit: "binary", maxLength: 70 }),
);
const numberArb = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0, 1e21, 1e-7, 1e-6, 9.999999999999999e20, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, 2 ** 64, -(2 ** 31), 0.1 + 0.2, 123e-20),
);
const keyArb = fc.oneof(
  text.filter((key) => !key.includes("\u0000")),
  fc.constantFrom("0", "1", "9", "10", "01", "-1", "1.5", "4294967294", "4294967295", "__proto__", "constructor"),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    text,
    numberArb,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(keyArb, tie("v"), { maxKeys: 40 }),
  ),
})).v;

const wellFormed = (text: string) => !/\\u[dD][89a-fA-F][0-9a-fA-F]{2}/.test(text);

describe("the argsHash text", () => {
  it("is valid JSON that parses back to the decided value: two different values never share a text", () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const [one, two] = [freezeCopy(a, Number.MAX_SAFE_INTEGER), freezeCopy(b, Number.MAX_SAFE_INTEGER)];
        const [textOne, textTwo] = [canonicalJson(one), canonicalJson(two)];
        expect(JSON.stringify(sorted(JSON.parse(textOne)))).toBe(JSON.stringify(sorted(one)));
        if (textOne === textTwo) expect(JSON.stringify(sorted(one))).toBe(JSON.stringify(sorted(two)));
      }),
      { numRuns: RUNS },
    );
  });

  it("is what canonicalize writes for every value RFC 8785 can write, and JSON.stringify's escape of a lone surrogate", () => {
    fc.assert(
      fc.property(value, (raw) => {
        const decided = freezeCopy(raw, Number.MAX_SAFE_INTEGER);
        const written = canonicalJson(decided);
        if (wellFormed(written)) expect(written).toBe(canonicalize(decided));
        else expect(() => canonicalize(decided)).toThrow(/Lone surrogate/);
        expect(written).toBe(plainWriter(decided));
      }),
      { numRuns: RUNS },
    );
  });

  it("numbers: -0 is 0; 1e21, the extremes and the unsafe integers as JSON writes them; NaN and Infinity never reach it", () => {
    for (const number of [-0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, 2 ** 53 + 2, 0.1 + 0.2])
      expect(canonicalJson(freezeCopy({ n: number }, 1_000))).toBe(`{"n":${JSON.stringify(number)}}`);
    for (const number of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(() => freezeCopy({ n: number }, 1_000)).toThrow(/is not a JSON number/);
  });

  it("bytes and a record spelled like bytes cannot share a text: the record is refused", () => {
    expect(canonicalJson(freezeCopy({ b: new Uint8Array([0, 1]) }, 1_000))).toBe('{"b":{"\\u0000bytes":"AAE="}}');
    expect(() => freezeCopy({ b: { "\u0000bytes": "AAE=" } }, 1_000)).toThrow(/NUL character/);
    expect(canonicalJson(freezeCopy({ b: { "\\u0000bytes": "AAE=" } }, 1_000))).toBe('{"b":{"\\\\u0000bytes":"AAE="}}');
  });

  it("a getter, a Proxy and an own toJSON: the approver's argsHash is the hash of what the tool received", async () => {
    const policy = definePolicy({
      rules: [{ id: "pay", tools: ["pay"], effect: "allow", approval: { approvers: ["owner"] } }],
    });
    const requests: ApprovalRequest[] = [];
    const gate = createGate({
      policy,
      approvers: {
        owner: async (request) => {
          requests.push(request);
          return { approved: true, by: "alice" };
        },
      },
    });
    const ran = vi.fn((input: unknown) => input);
    const pay = gate
      .agent({ name: "bot", owner: "team" })
      .guard(defineTool({ name: "pay", input: passthroughSchema(), execute: ran }));
    let reads = 0;
    const input = new Proxy(
      {
        get amount() {
          return reads++ === 0 ? 5 : 1e9;
        },
        to: "x\u2028\ud800",
      },
      {},
    );
    Object.defineProperty(input, "toJSON", { value: () => ({ amount: 1e9 }), enumerable: false });
    await pay.call(input);
    const received = ran.mock.calls[0]?.[0];
    expect(received).toEqual({ amount: 5, to: "x\u2028\ud800" });
    expect(requests[0]?.argsHash).toBe(sha(canonicalJson(received)));
    expect(requests[0]?.argsHash).toBe(sha('{"amount":5,"to":"x\u2028\\ud800"}'));
    expect(hashArguments({ to: "x", amount: 5 })).toBe(sha(String(canonicalize({ amount: 5, to: "x" }))));
    await gate.close();
  });
});

/** A value with its keys in code-unit order, as plain JSON.stringify then writes it. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    Object.defineProperty(out, key, { value: sorted((value as Record<string, unknown>)[key]), enumerable: true });
  return out;
}

/** JSON.stringify for every key and scalar, keys sorted by Array#sort: the writer before the fast paths. */
function plainWriter(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(plainWriter).join(",")}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${plainWriter(record[key])}`)
    .join(",")}}`;
}
