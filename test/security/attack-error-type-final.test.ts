// A tool can throw anything, including an object that carries toolgate's error brand (`Symbol.for`, so any
// copy of the package recognises it) with a `code` of its choosing: a number, an object, a getter that throws
// or answers differently on each read, a huge or secret-bearing string. The call's end must still be on
// record, true to the chain, bounded, and without the secret.
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, memorySink, passthroughSchema, verifyAudit } from "../../src/index.js";

const TOKEN = `ghp_${"a1B2c3D4e5F6g7H8i9J0".repeat(2)}`;
const BRAND = Symbol.for("toolgate.error");
const branded = (code: unknown) => Object.assign(Object.create(null), { [BRAND]: true, message: "boom", code });

describe("attack: a tool throws a forged ToolgateError", () => {
  it("whatever its code, the call ends on record, bounded and without the secret", async () => {
    let reads = 0;
    const forged: unknown[] = [
      branded(42),
      branded({ toString: () => TOKEN }),
      branded(TOKEN),
      branded(`x${"y".repeat(200_000)}`),
      Object.defineProperty(branded(undefined), "code", {
        get() {
          throw new Error(TOKEN);
        },
      }),
      Object.defineProperty(branded(undefined), "code", {
        get() {
          reads++;
          return reads === 1 ? "TOOL_FAILED" : `","seq":0,"x":"${TOKEN}`;
        },
      }),
    ];
    const sink = memorySink();
    const gate = createGate({
      policy: definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] }),
      audit: { sink },
    });
    let next = 0;
    const fail = gate.agent({ name: "bot", owner: "t" }).guard(
      defineTool({
        name: "fail",
        input: passthroughSchema(),
        execute: () => {
          throw forged[next++];
        },
      }),
    );
    for (const _ of forged) await expect(fail.call({})).rejects.toBeDefined();
    await gate.close();
    const kinds = sink.lines.map((line) => (JSON.parse(line) as { kind: string }).kind);
    expect(kinds).toEqual(forged.flatMap(() => ["begin", "end"]));
    expect(sink.text()).not.toContain(TOKEN.slice(4));
    for (const line of sink.lines) expect(line.length).toBeLessThan(100_000);
    expect(verifyAudit(sink.text()).breaks).toEqual([]);
  });
});
