// What the spread-based snapshot must still give: ONE reading of the input that the policy, the approver, the ledger
// and the tool all see. Attacks the differential test (snapshot-clone) does not make: Proxy traps that lie and
// change (ownKeys, getOwnPropertyDescriptor, get), getters that change the rest of the input while it is read, an
// array whose length or items change between reads, a Uint8Array that lies about its size, a prototype polluted with
// accessors (they would take the copy's writes and answer every later read), exotic objects, cycles, deep and wide.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type ApprovalRequest,
  definePolicy,
  defineTool,
  generateAuditKey,
  passthroughSchema,
} from "../../src/index.js";
import { freezeCopy, snapshot } from "../../src/internal/snapshot.js";
import { signedGate } from "../helpers.js";

const policy = definePolicy({
  rules: [
    { id: "data", tools: ["read"], effect: "allow", when: { path: { within: "/data" } } },
    { id: "pay", tools: ["pay"], effect: "allow", when: { amount: { lte: 100 } }, approval: { approvers: ["owner"] } },
  ],
});
const key = generateAuditKey();
const sha = (value: unknown) =>
  createHash("sha256")
    .update(String(canonicalize(value)))
    .digest("hex");

function setup() {
  const requests: ApprovalRequest[] = [];
  const owner = async (request: ApprovalRequest) => {
    requests.push(request);
    return { approved: true, by: "alice" };
  };
  const { gate, written } = signedGate({ policy, approvers: { owner } }, key);
  const agent = gate.agent({ name: "bot", owner: "team" });
  const ran = vi.fn((input: unknown) => input);
  const guard = (name: string, maxInputBytes?: number) =>
    agent.guard(
      defineTool({ name, input: passthroughSchema(), execute: ran, ...(maxInputBytes && { maxInputBytes }) }),
    );
  const begins = async () =>
    (await written<{ kind: string; argsHash?: string }>()).filter((entry) => entry.kind === "begin");
  return { guard, ran, requests, begins };
}

/** The tool, the approver and the ledger hold one value: the same hash of the same canonical text. */
async function oneReading(parts: ReturnType<typeof setup>) {
  const seen = parts.ran.mock.calls[0]?.[0];
  const [begin] = await parts.begins();
  const [request] = parts.requests;
  expect(request?.argsHash).toBe(sha(seen));
  expect(begin?.argsHash).toBe(sha(seen));
  expect(request?.input).toEqual(seen);
  return seen as Record<string, unknown>;
}

afterEach(() => {
  for (const name of ["path", "amount", "0", "1"]) delete (Object.prototype as Record<string, unknown>)[name];
});

describe("one reading of the input", () => {
  it("a Proxy whose traps change their answers on every call: the tool, the approver and the ledger agree", async () => {
    const parts = setup();
    let calls = 0;
    const input = new Proxy({ amount: 5, to: "shop" } as Record<string, unknown>, {
      ownKeys: () => (calls++ === 0 ? ["amount", "to"] : ["amount", "to", "extra"]),
      getOwnPropertyDescriptor: (target, name) =>
        name === "extra"
          ? { value: 1e9, enumerable: true, configurable: true }
          : Reflect.getOwnPropertyDescriptor(target, name),
      get: (target, name) => (name === "amount" ? (calls++ < 3 ? 5 : 1e9) : Reflect.get(target, name)),
    });
    await parts.guard("pay").call(input);
    const seen = await oneReading(parts);
    expect(seen).toEqual({ amount: 5, to: "shop" });
  });

  it("a getter that changes the rest of the input while it is read: every reader sees the copy taken", async () => {
    const parts = setup();
    const nested = { amount: 5 };
    const input = {
      order: nested,
      get note() {
        nested.amount = 1e9; // runs during the copy, before the nested record is taken
        return "n";
      },
      get amount() {
        return 5;
      },
    };
    const result = await parts.guard("pay").safeCall(input);
    expect(result.ok).toBe(true);
    const seen = await oneReading(parts);
    expect(seen).toEqual({ order: { amount: 1e9 }, note: "n", amount: 5 });
    expect(Object.isFrozen(seen.order)).toBe(true);
  });

  it("an array Proxy whose length and items change between reads is read once", () => {
    let lengthReads = 0;
    const items = new Proxy(["/data/a"], {
      get: (target, name, receiver) =>
        name === "length"
          ? lengthReads++ === 0
            ? 1
            : 5
          : name === "0" && lengthReads > 1
            ? "/etc"
            : Reflect.get(target, name, receiver),
    });
    const copy = freezeCopy({ items }, 1_000) as { items: string[] };
    expect(copy.items).toEqual(["/data/a"]);
    expect(lengthReads).toBe(1);
  });

  it("holes, extra array properties, getters on indices: a hole is refused; extras dropped; a getter read once", () => {
    const holey = ["a"];
    holey[2] = "c"; // index 1 is a hole
    expect(snapshot(holey, 1_000)).toEqual({ ok: false, problem: "input[1]: undefined in an array has no JSON form" });
    const extra = Object.assign(["a"], { path: "/etc" });
    expect(Object.keys(freezeCopy(extra, 1_000) as object)).toEqual(["0"]);
    let reads = 0;
    const getter = Object.defineProperty(["x"], 0, { get: () => (reads++ === 0 ? "/data" : "/etc"), enumerable: true });
    const copy = freezeCopy(getter, 1_000) as string[];
    expect([copy[0], copy[0], reads]).toEqual(["/data", "/data", 1]);
  });
});

describe("sizes cannot be lied about", () => {
  it("a Uint8Array whose own byteLength claims 1 byte is measured by its real size, and refused past the cap", async () => {
    const bytes = new Uint8Array(1_000_000);
    Object.defineProperty(bytes, "byteLength", { value: 1 });
    expect(() => freezeCopy({ bytes }, 1_024)).toThrow(/larger than the tool's limit/);
    const parts = setup();
    const result = await parts.guard("read", 1_024).safeCall({ path: "/data/a", bytes });
    expect(!result.ok && result.error.code).toBe("INVALID_INPUT");
    expect(parts.ran).not.toHaveBeenCalled();
  });

  it("very deep, cyclic and very wide inputs are refused or copied within the budget", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(() => freezeCopy(deep, 1_000_000)).toThrow(/nested more than 64 levels/);
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(() => freezeCopy(cycle, 1_000_000)).toThrow(/or a cycle/);
    const shared = { x: "y".repeat(1_000) };
    let dag: unknown = shared;
    for (let i = 0; i < 40; i++) dag = { a: dag, b: dag }; // 2^40 paths: the budget ends the walk, not the clock
    expect(() => freezeCopy(dag, 1_048_576)).toThrow(/larger than the tool's limit/);
    const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(freezeCopy(wide, 10_000_000) as object)).toHaveLength(20_000);
    expect(() => freezeCopy(wide, 20_000)).toThrow(/larger than the tool's limit/);
  });
});

describe("a polluted prototype", () => {
  it("an accessor on Object.prototype for a key the input has cannot take its value (symbol and undefined keys beside it)", async () => {
    let reads = 0;
    Object.defineProperty(Object.prototype, "path", {
      configurable: true,
      set() {},
      get: () => (reads++ === 0 ? "/data/a" : "/etc/shadow"),
    });
    const copy = freezeCopy({ path: "/data/b", gone: undefined, [Symbol("s")]: 1 }, 1_000) as Record<string, unknown>;
    expect(Object.hasOwn(copy, "path")).toBe(true);
    expect([copy.path, copy.path]).toEqual(["/data/b", "/data/b"]);
    const parts = setup();
    await parts.guard("read").call({ path: "/data/b", gone: undefined });
    expect(parts.ran.mock.calls[0]?.[0]).toEqual({ path: "/data/b" });
    expect(Object.hasOwn(parts.ran.mock.calls[0]?.[0] as object, "path")).toBe(true);
  });

  it("an accessor on Object.prototype for an array index refuses the input instead of answering for the copy", async () => {
    const parts = setup();
    const accessor = { configurable: true, set() {}, get: () => "/etc/shadow" };
    Object.defineProperty(Object.prototype, "0", accessor);
    const taken = snapshot({ paths: ["/data/a"] }, 1_000);
    delete (Object.prototype as Record<string, unknown>)["0"];
    Object.defineProperty(Object.prototype, "1", accessor);
    // Awaited with the accessor in place; the test runner itself reads indices, so nothing is asserted until it goes.
    const result = await parts.guard("read").safeCall({ path: "/data/a", more: ["/data/b", "/data/c"] });
    delete (Object.prototype as Record<string, unknown>)["1"];
    expect(taken).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/polluted prototype/),
    });
    expect(!result.ok && result.error.code).toBe("INVALID_INPUT");
    expect(parts.ran).not.toHaveBeenCalled();
  });

  it("data properties a JSON merge bug puts on Object.prototype do not change the copy", () => {
    Object.assign(Object.prototype, { path: "/etc/shadow", 0: "/etc/shadow" });
    const copy = freezeCopy({ path: "/data/a", gone: undefined, list: ["/data/b"] }, 1_000) as {
      path: string;
      list: string[];
    };
    const own = [Object.hasOwn(copy, "path"), copy.path, Object.hasOwn(copy.list, 0), copy.list[0]];
    for (const name of ["path", "0"]) delete (Object.prototype as Record<string, unknown>)[name];
    expect(own).toEqual([true, "/data/a", true, "/data/b"]);
  });
});

describe("what is not plain data", () => {
  it("exotic objects are refused; a Buffer and a Uint8Array subclass become a plain Uint8Array copy", () => {
    class Point {
      x = 1;
    }
    for (const value of [
      new Map(),
      new Set(),
      new Date(0),
      /re/,
      new Int8Array(2),
      new Uint8ClampedArray(2),
      new Float64Array(2),
      new DataView(new ArrayBuffer(2)),
      new Point(),
      new Proxy(new Uint8Array(2), {}),
      Object(1n),
      new String("s"),
      new WeakMap(),
      Promise.resolve(1),
    ])
      expect(() => freezeCopy({ value }, 1_000)).toThrow(/not plain data|has no JSON form/);
    class Bytes extends Uint8Array {}
    for (const bytes of [Buffer.from("ab"), new Bytes([1, 2])]) {
      const copy = freezeCopy({ bytes }, 1_000) as { bytes: Uint8Array };
      expect(Object.getPrototypeOf(copy.bytes)).toBe(Uint8Array.prototype);
      expect(copy.bytes).not.toBe(bytes);
    }
  });

  it("frozen and sealed input, an own __proto__ key holding a record, and null-prototype records copy as plain records", () => {
    const parsed = JSON.parse('{"__proto__":{"admin":true},"a":1}') as object;
    const copy = freezeCopy(Object.freeze(Object.seal(parsed)), 1_000) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(["__proto__", "a"]);
    expect((copy as { admin?: boolean }).admin).toBeUndefined();
    expect(Object.isFrozen(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value)).toBe(true);
    const bare = Object.assign(Object.create(null), { a: 1 });
    expect(Object.getPrototypeOf(freezeCopy(bare, 1_000))).toBe(Object.prototype);
  });
});
