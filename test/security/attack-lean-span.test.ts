// Attacks on the lean traced call's span and ledger writes (issue 13, item 3): the end-of-call attributes are
// written in one `setAttributes`, the begin event directly, the entry lines returned without a wrapper. Whatever
// the input, the tracer, the sampler or the span processors do, the record on the span and in the ledger must be
// complete, exactly the contract's names and types, byte-identical between span and sink, and verify.
import { type Context, context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  AlwaysOffSampler,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type Span,
  type SpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGate,
  definePolicy,
  defineTool,
  hashArguments,
  memorySink,
  passthroughSchema,
  verifyAudit,
} from "../../src/index.js";

const policy = definePolicy({
  rules: [
    { id: "refunds", tools: ["refund"], effect: "allow", description: "refunds are allowed" },
    { id: "no-drop", tools: ["drop"], effect: "deny" },
  ],
});

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  context.disable();
});

/** A processor that throws from the hooks named. */
class ThrowingProcessor implements SpanProcessor {
  constructor(readonly hooks: readonly ("onStart" | "onEnd")[]) {}
  onStart(_span: Span, _parent: Context): void {
    if (this.hooks.includes("onStart")) throw new Error("processor onStart");
  }
  onEnd(_span: ReadableSpan): void {
    if (this.hooks.includes("onEnd")) throw new Error("processor onEnd");
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** An exporter that throws on every export. */
class ThrowingExporter extends InMemorySpanExporter {
  override export(): void {
    throw new Error("exporter down");
  }
}

function traced(
  options: { processors?: SpanProcessor[]; after?: SpanProcessor[]; sampler?: AlwaysOffSampler; sink?: boolean } = {},
) {
  const exporter = new InMemorySpanExporter();
  const processors = [...(options.processors ?? []), new SimpleSpanProcessor({ exporter }), ...(options.after ?? [])];
  const tracerProvider = new TracerProvider({ spanProcessors: processors, sampler: options.sampler });
  const sink = options.sink ? memorySink() : undefined;
  const gate = createGate({ policy, tracerProvider, audit: sink ? { sink } : undefined });
  const agent = gate.agent({ name: "bot", owner: "team" });
  const spans = async () => {
    await tracerProvider.forceFlush();
    return exporter.getFinishedSpans();
  };
  return { gate, agent, sink, spans };
}

const refund = (execute: (input: unknown) => Promise<unknown> = async () => "ok") =>
  defineTool({ name: "refund", input: passthroughSchema<unknown>(), execute });

/** The ledger lines a span carries: its begin event's, then its closing entry's. */
function spanLines(span: ReadableSpan): string[] {
  const lines = span.events
    .filter((event) => event.name.startsWith("toolgate.audit."))
    .map((event) => event.attributes?.["toolgate.audit.entry"] as string);
  return [...lines, span.attributes["toolgate.audit.entry"] as string];
}

const END_KEYS = [
  "toolgate.decision.effect",
  "toolgate.decision.rule",
  "toolgate.decision.reason",
  "toolgate.outcome",
  "toolgate.args_hash",
  "toolgate.audit.entry",
  "toolgate.audit.writer",
  "toolgate.audit.seq",
  "toolgate.audit.hash",
  "toolgate.audit.prev_hash",
  "toolgate.audit.begin_seq",
];
const START_KEYS = [
  "gen_ai.operation.name",
  "gen_ai.tool.name",
  "gen_ai.tool.call.id",
  "gen_ai.tool.type",
  "gen_ai.agent.id",
  "gen_ai.agent.name",
  "toolgate.agent.owner",
  "toolgate.tool.risk",
];

describe("the span of an allowed call: the contract's attributes, in order, with their types", () => {
  it("has exactly the start and end attributes, one begin event, and lines identical to the sink's", async () => {
    const { gate, agent, sink, spans } = traced({ sink: true });
    await agent.guard(refund()).call({ orderId: "o1", amount: 5 }, { callId: "call_1" });
    await gate.close();
    const [span] = await spans();
    if (!span) throw new Error("no span");
    expect(Object.keys(span.attributes)).toEqual([...START_KEYS, ...END_KEYS]);
    const types = Object.fromEntries(Object.entries(span.attributes).map(([key, value]) => [key, typeof value]));
    expect(types).toMatchObject({
      "toolgate.audit.seq": "number",
      "toolgate.audit.begin_seq": "number",
      "toolgate.audit.entry": "string",
      "toolgate.args_hash": "string",
    });
    expect(span.attributes).toMatchObject({
      "toolgate.decision.effect": "allow",
      "toolgate.decision.rule": "refunds",
      "toolgate.outcome": "allowed",
      "toolgate.args_hash": hashArguments({ orderId: "o1", amount: 5 }),
      "toolgate.audit.seq": 2,
      "toolgate.audit.begin_seq": 1,
    });
    expect(span.events.map((event) => event.name)).toEqual(["toolgate.audit.begin"]);
    expect(Object.keys(span.events[0]?.attributes ?? {})).toEqual(["toolgate.audit.entry", "toolgate.audit.seq"]);
    expect(span.events[0]?.attributes?.["toolgate.audit.seq"]).toBe(1);
    // The same bytes on the span and in the sink; the sink's chain verifies (a closing checkpoint may follow).
    expect(spanLines(span)).toEqual(sink?.lines.slice(0, 2));
    expect(verifyAudit(sink?.text() ?? "").breaks).toEqual([]);
    const end = JSON.parse(span.attributes["toolgate.audit.entry"] as string);
    expect(end).toMatchObject({ kind: "end", seq: 2, beginSeq: 1, outcome: "allowed" });
    expect(span.attributes["toolgate.audit.hash"]).toBe(end.hash);
    expect(span.attributes["toolgate.audit.prev_hash"]).toBe(end.prevHash);
    expect(span.attributes["toolgate.audit.writer"]).toBe(end.writer);
  });

  it("a failed call and a refused one keep their error, status and closing entry on the span", async () => {
    const { agent, spans } = traced();
    const failing = refund(async () => {
      throw new TypeError("boom");
    });
    await expect(agent.guard(failing).call({})).rejects.toThrow("boom");
    const drop = defineTool({ name: "drop", input: passthroughSchema<unknown>(), execute: async () => "dropped" });
    await expect(agent.guard(drop).call({})).rejects.toMatchObject({ code: "TOOL_DENIED" });
    const [failed, refused] = await spans();
    expect(failed?.attributes).toMatchObject({ "toolgate.outcome": "failed", "error.type": "TypeError" });
    expect(failed?.events.map((event) => event.name)).toEqual(["toolgate.audit.begin", "exception"]);
    expect(JSON.parse(failed?.attributes["toolgate.audit.entry"] as string)).toMatchObject({
      kind: "end",
      outcome: "failed",
      error: { type: "TypeError", message: "boom" },
    });
    expect(refused?.attributes).toMatchObject({
      "toolgate.outcome": "denied",
      "toolgate.decision.rule": "no-drop",
      "error.type": "TOOL_DENIED",
    });
    expect(refused?.attributes["toolgate.audit.begin_seq"]).toBeUndefined();
    expect(JSON.parse(refused?.attributes["toolgate.audit.entry"] as string)).toMatchObject({
      kind: "refusal",
      code: "TOOL_DENIED",
    });
    const lines = [...spanLines(failed as ReadableSpan), ...spanLines(refused as ReadableSpan)];
    expect(verifyAudit(lines.join("\n"), { live: true }).breaks).toEqual([]);
  });

  it("shadow mode writes the would-be decision in the same single write", async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const agent = createGate({ policy, tracerProvider, mode: "shadow" }).agent({ name: "bot", owner: "team" });
    const drop = defineTool({ name: "drop", input: passthroughSchema<unknown>(), execute: async () => "dropped" });
    await expect(agent.guard(drop).call({})).resolves.toBe("dropped");
    await tracerProvider.forceFlush();
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes).toMatchObject({
      "toolgate.decision.shadow.effect": "deny",
      "toolgate.decision.shadow.rule": "no-drop",
      "toolgate.decision.shadow.by": "gate",
      "toolgate.outcome": "allowed",
    });
    expect(JSON.parse(span?.attributes["toolgate.audit.entry"] as string).kind).toBe("end");
  });
});

describe("hostile input: what is hashed is what is recorded, on the span and in the ledger", () => {
  const hostile: [string, () => unknown][] = [
    ["quotes, controls and unicode in keys and values", () => ({ 'k"\\\n\u0000é😀\u2028': 'v"\\\u001f\ud83d\ude00' })],
    ["a lone surrogate in a key and a value", () => ({ "a\ud800": "b\udc00" })],
    ["__proto__ and constructor as own keys", () => JSON.parse('{"__proto__":{"x":1},"constructor":"c"}')],
    ["a huge value (1 MB)", () => ({ blob: "x".repeat(1_048_576) })],
    [
      "a getter that answers differently each read",
      () => {
        let reads = 0;
        return {
          get amount() {
            reads += 1;
            return reads;
          },
        };
      },
    ],
  ];

  it.each(hostile)("%s", async (_name, make) => {
    const { gate, agent, sink, spans } = traced({ sink: true });
    const ran: unknown[] = [];
    const input = make();
    const result = await agent.guard(refund(async (value) => ran.push(value))).safeCall(input);
    await gate.close();
    const [span] = await spans();
    if (!span) throw new Error("no span");
    const entries = (sink?.lines ?? []).map((line) => JSON.parse(line));
    if (result.ok) {
      // The tool ran on the decided value, whose hash the span, the begin entry and an approver would all see.
      expect(span.attributes["toolgate.args_hash"]).toBe(hashArguments(ran[0]));
      expect(entries[0]).toMatchObject({ kind: "begin", argsHash: span.attributes["toolgate.args_hash"] });
      expect(entries[1]).toMatchObject({ kind: "end", beginSeq: 1 });
    } else {
      expect(entries[0]).toMatchObject({ kind: "refusal" });
      expect(ran).toEqual([]);
    }
    expect(spanLines(span)).toEqual(sink?.lines.slice(0, spanLines(span).length));
    expect(verifyAudit(sink?.text() ?? "").breaks).toEqual([]);
  });
});

describe("a tracer that misbehaves never changes the call or the ledger's record", () => {
  it("a processor that throws in onStart: the call runs, the ledger records it whole", async () => {
    const { gate, agent, sink } = traced({ processors: [new ThrowingProcessor(["onStart"])], sink: true });
    await expect(agent.guard(refund()).call({ amount: 1 })).resolves.toBe("ok");
    await gate.close();
    const entries = (sink?.lines ?? []).map((line) => JSON.parse(line));
    expect(entries.slice(0, 2).map((entry) => entry.kind)).toEqual(["begin", "end"]);
    expect(verifyAudit(sink?.text() ?? "").breaks).toEqual([]);
  });

  it("a processor that throws in onEnd (after the exporting one): the call is unchanged, the span complete", async () => {
    const { gate, agent, sink, spans } = traced({ after: [new ThrowingProcessor(["onEnd"])], sink: true });
    await expect(agent.guard(refund()).call({ amount: 1 })).resolves.toBe("ok");
    await gate.close();
    const [span] = await spans();
    if (!span) throw new Error("no span");
    expect(Object.keys(span.attributes)).toEqual([...START_KEYS, ...END_KEYS]);
    expect(spanLines(span)).toEqual(sink?.lines.slice(0, 2));
  });

  it("an exporter that throws: the call is unchanged and the sink's chain verifies", async () => {
    const sink = memorySink();
    const tracerProvider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter: new ThrowingExporter() })],
    });
    const gate = createGate({ policy, tracerProvider, audit: { sink } });
    const agent = gate.agent({ name: "bot", owner: "team" });
    await expect(agent.guard(refund()).call({ amount: 2 })).resolves.toBe("ok");
    await expect(agent.guard(refund()).call({ amount: 3 })).resolves.toBe("ok");
    await gate.close();
    expect(sink.lines.slice(0, 4).map((line) => JSON.parse(line).kind)).toEqual(["begin", "end", "begin", "end"]);
    expect(verifyAudit(sink.text()).breaks).toEqual([]);
  });

  it("a sampler that records nothing: no span, and with a sink the ledger still records every call", async () => {
    const { gate, agent, sink, spans } = traced({ sampler: new AlwaysOffSampler(), sink: true });
    let active: unknown;
    const tool = refund(async () => {
      active = trace.getActiveSpan();
      return "ok";
    });
    await expect(agent.guard(tool).call({ amount: 4 })).resolves.toBe("ok");
    await gate.close();
    expect(await spans()).toEqual([]);
    // A sampled-out span still has its own context, which the tool runs in (its children are sampled out too).
    expect(active).toBeDefined();
    expect(sink?.lines.slice(0, 2).map((line) => JSON.parse(line).kind)).toEqual(["begin", "end"]);
    expect(verifyAudit(sink?.text() ?? "").breaks).toEqual([]);
  });

  it("a span ended early by the tool (twice) is still ended by toolgate once, with the full record", async () => {
    const { agent, spans } = traced();
    const tool = refund(async () => {
      const span = trace.getActiveSpan();
      span?.end();
      span?.end();
      return "ok";
    });
    await expect(agent.guard(tool).call({ amount: 5 })).resolves.toBe("ok");
    const [span] = await spans();
    if (!span) throw new Error("no span");
    expect(await spans()).toHaveLength(1);
    expect(Object.keys(span.attributes)).toEqual([...START_KEYS, ...END_KEYS]);
    expect(verifyAudit(spanLines(span).join("\n"), { live: true }).breaks).toEqual([]);
  });

  it("a span ended by a processor before toolgate writes it: the call is unchanged and the sink has the record", async () => {
    const ender: SpanProcessor = {
      onStart: (span) => span.end(),
      onEnd: () => {},
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const { gate, agent, sink } = traced({ processors: [ender], sink: true });
    await expect(agent.guard(refund()).call({ amount: 6 })).resolves.toBe("ok");
    await gate.close();
    expect(sink?.lines.slice(0, 2).map((line) => JSON.parse(line).kind)).toEqual(["begin", "end"]);
    expect(verifyAudit(sink?.text() ?? "").breaks).toEqual([]);
  });
});
