// Refusals before the span opens, attacked: call options whose getters or Proxy traps throw (or a revoked Proxy), a
// link whose getter throws, a signal whose prototype trap throws, links that lie about their length or bring their
// own `map`, a 10-million-character call id; a retired agent's delegate, a retire racing a call. Each refusal
// leaves one execute_tool span and one ledger refusal entry naming the rule, as the agent that tried; the tool never
// runs; the ledger verifies; nothing the caller chose names the call.
import { describe, expect, it, vi } from "vitest";
import {
  type Agent,
  type ApprovalRequest,
  definePolicy,
  defineTool,
  generateAuditKey,
  passthroughSchema,
} from "../../src/index.js";
import { memoryTracing, signedGate } from "../helpers.js";

const policy = definePolicy({
  rules: [
    { id: "mail", tools: ["email.send"], effect: "allow" },
    { id: "pay", tools: ["pay"], effect: "allow", approval: { approvers: ["owner"] } },
  ],
});
const key = generateAuditKey();
type Entry = {
  kind: string;
  code?: string;
  callId?: string;
  agent?: { id: string; chain: string[]; root?: string };
  decision?: { rule: string; reason: string };
};
const link = { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: 1 };

function setup(owner?: (request: ApprovalRequest) => Promise<{ approved: boolean; by: string }>) {
  const tracing = memoryTracing();
  const approvers = { owner: owner ?? (async () => ({ approved: true, by: "alice" })) };
  const { gate, sink, written, verified } = signedGate(
    { policy, tracerProvider: tracing.tracerProvider, approvers },
    key,
  );
  const agent = gate.agent({ name: "mailer", owner: "team-mail" });
  const ran = vi.fn((input: unknown) => input);
  const guard = (who: Agent, name = "email.send") =>
    who.guard(defineTool({ name, input: passthroughSchema(), execute: async (input: unknown) => ran(input) }));
  const record = async () => {
    const entries = await written<Entry>();
    expect(verified().ok).toBe(true);
    return {
      entries: entries.filter((entry) => entry.kind !== "checkpoint"),
      spans: await tracing.spans(),
      lines: sink.lines,
    };
  };
  return { gate, agent, guard, ran, record };
}

const unreadable: [string, () => unknown][] = [
  [
    "a getter that throws",
    () => ({
      get callId() {
        throw new Error("boom");
      },
    }),
  ],
  [
    "a Proxy whose get trap throws",
    () =>
      new Proxy(
        {},
        {
          get() {
            throw new Error("trap");
          },
        },
      ),
  ],
  [
    "a revoked Proxy",
    () => {
      const revocable = Proxy.revocable({}, {});
      revocable.revoke();
      return revocable.proxy;
    },
  ],
  [
    "a link whose getter throws",
    () => ({
      links: [
        {
          get traceId() {
            throw new Error("x");
          },
        },
      ],
    }),
  ],
  [
    "a revoked Proxy for links",
    () => {
      const revocable = Proxy.revocable([], {});
      revocable.revoke();
      return { links: revocable.proxy };
    },
  ],
  [
    "a signal whose prototype trap throws",
    () => ({
      signal: new Proxy(new AbortController().signal, {
        getPrototypeOf() {
          throw new Error("p");
        },
      }),
    }),
  ],
  ["a call id of ten million characters", () => ({ callId: "x".repeat(10_000_000) })],
  ["a call id that is an object with its own toString", () => ({ callId: { toString: () => "call_forged" } })],
];

describe("call options that cannot be read are refused and recorded", () => {
  it.each(unreadable)("%s: INVALID_ARGUMENT, one span, one refusal entry as the agent", async (_, options) => {
    const { agent, guard, ran, record } = setup();
    const error = await guard(agent)
      .call({ to: "x" }, options() as never)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ToolgateError", code: "INVALID_ARGUMENT" });
    expect(ran).not.toHaveBeenCalled();
    const { entries, spans, lines } = await record();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "refusal", code: "INVALID_ARGUMENT", agent: { id: agent.id } });
    expect(entries[0]?.decision?.rule).toBe("INVALID_ARGUMENT");
    expect(entries[0]?.callId).toMatch(/^call_/);
    expect(entries[0]?.callId).not.toContain("forged");
    expect(spans.map((span) => [span.name, span.attributes["gen_ai.agent.id"]])).toEqual([
      ["execute_tool email.send", agent.id],
    ]);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(4_096);
  });

  it("links are read by index from one reading of their length: an own map or a growing Proxy length adds none", async () => {
    const { agent, guard, ran, record } = setup();
    const forged = Array.from({ length: 1_000 }, () => ({ traceId: "zz", spanId: "yy", traceFlags: 1 }));
    const ownMap = Object.assign([link], { map: () => forged });
    let lengthReads = 0;
    const growing = new Proxy([link], {
      get: (target, name, receiver) =>
        name === "length"
          ? lengthReads++ === 0
            ? 1
            : 1_000
          : /^\d+$/.test(String(name))
            ? link
            : Reflect.get(target, name, receiver),
    });
    await guard(agent).call({ to: "x" }, { links: ownMap as never });
    await guard(agent).call({ to: "x" }, { links: growing as never });
    expect(ran).toHaveBeenCalledTimes(2);
    expect(lengthReads).toBe(1);
    const { spans } = await record();
    expect(spans.map((span) => span.links.length)).toEqual([1, 1]);
  });
});

describe("retired agents and races", () => {
  it("a retired agent's delegate calling through a guard it kept: refused as the delegate, rule retired", async () => {
    const { agent, guard, ran, record } = setup();
    const helper = agent.delegate({ name: "helper", tools: ["email.send"] });
    const send = guard(helper);
    await agent.retire();
    const error = await send.call({ to: "x" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TOOL_DENIED", decision: { rule: "retired" } });
    expect(ran).not.toHaveBeenCalled();
    const { entries, spans } = await record();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: "refusal",
      decision: { rule: "retired" },
      agent: { id: helper.id, chain: [agent.id, helper.id], root: "mailer" },
    });
    expect(spans.map((span) => span.attributes["gen_ai.agent.id"])).toEqual([helper.id]);
  });

  it("a retire not awaited before the call: the call is refused and recorded once", async () => {
    const { agent, guard, ran, record } = setup();
    const send = guard(agent);
    const retired = agent.retire();
    const [error] = await Promise.all([send.call({ to: "x" }).catch((e: unknown) => e), retired]);
    expect(error).toMatchObject({ code: "TOOL_DENIED", decision: { rule: "retired" } });
    expect(ran).not.toHaveBeenCalled();
    const { entries } = await record();
    expect(entries.map((entry) => [entry.kind, entry.decision?.rule])).toEqual([["refusal", "retired"]]);
  });

  it("a retire while the call waits for its approver: the tool never runs, and the call has one span and its record", async () => {
    let answer: (() => void) | undefined;
    const asked = new Promise<void>((resolve) => {
      answer = resolve;
    });
    let release: ((value: { approved: boolean; by: string }) => void) | undefined;
    const { agent, guard, ran, record } = setup(
      () =>
        new Promise((resolve) => {
          release = resolve;
          answer?.();
        }),
    );
    const pending = guard(agent, "pay")
      .call({ amount: 5 })
      .catch((e: unknown) => e);
    await asked;
    await agent.retire();
    release?.({ approved: true, by: "alice" });
    const error = await pending;
    expect(error).toMatchObject({ name: "ToolgateError", code: "ABORTED" });
    expect(ran).not.toHaveBeenCalled();
    const { entries, spans } = await record();
    expect(spans).toHaveLength(1);
    expect(entries.map((entry) => [entry.kind, entry.code, entry.decision?.rule])).toEqual([
      ["refusal", "ABORTED", "aborted"],
    ]);
    expect(entries[0]?.agent?.id).toBe(agent.id);
  });
});
