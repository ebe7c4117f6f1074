import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MeterProvider, type MetricData, MetricReader } from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { z } from "zod";
import { requestsFor } from "../src/approval/request.js";
import {
  type AgentIdentity,
  type ApprovalRequest,
  type AuditKeyPair,
  createGate,
  defineTool,
  type GateOptions,
  hashArguments,
  memorySink,
  verifyAudit,
} from "../src/index.js";

/** A tracer provider that keeps finished spans in memory. */
export function memoryTracing() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  // SimpleSpanProcessor exports after a microtask; flushing makes every ended span visible.
  const spans = async (): Promise<ReadableSpan[]> => {
    await tracerProvider.forceFlush();
    return exporter.getFinishedSpans();
  };
  const only = async (): Promise<ReadableSpan> => {
    const all = await spans();
    if (all.length !== 1) throw new Error(`expected one span, got ${all.length}`);
    return all[0] as ReadableSpan;
  };
  return { tracerProvider, exporter, spans, only };
}

/** A tool that records the inputs it ran with. */
export function recordingTool(
  name: string,
  options: { risk?: "low" | "medium" | "high" | "critical"; tags?: string[] } = {},
) {
  const ran: unknown[] = [];
  const tool = defineTool({
    name,
    description: `test tool ${name}`,
    input: z.object({
      amount: z.number().optional(),
      path: z.string().optional(),
      note: z.string().optional(),
    }),
    risk: options.risk,
    tags: options.tags,
    execute: async (input) => {
      ran.push(input);
      return { ok: true, input };
    },
  });
  return { tool, ran };
}

/** An approval request built as the gate builds it (`requestsFor` redacts the input), for approver "owner". */
export function approvalRequest(
  agent: AgentIdentity,
  input: unknown,
  options: { reason?: string; ttlMs?: number } = {},
): ApprovalRequest {
  const now = Date.now();
  return requestsFor({
    agent,
    tool: { name: "refund.issue", description: "Issue a refund", risk: "high" },
    decision: { effect: "require_approval", rule: "refunds", reason: options.reason ?? "refunds need the owner" },
    input,
    argsHash: hashArguments(input),
    callId: "call_1",
    resumable: true,
    conversationId: undefined,
    traceId: "0".repeat(32),
    spanId: "0".repeat(16),
    requestedAt: now,
    expiresAt: now + (options.ttlMs ?? 300_000),
  })("owner", 0);
}

/** A clock the test moves: `advance` moves both the monotonic and the wall clock; `stepWall` only the wall clock. */
export function manualClock(start = 1_767_225_600_000) {
  let now = 1_000;
  let wall = start;
  return {
    now: () => now,
    wall: () => wall,
    advance(ms: number) {
      now += ms;
      wall += ms;
    },
    stepWall(ms: number) {
      wall += ms;
    },
  };
}

/** A metric reader the test collects from by hand: no timers, no exporter. */
class CollectingReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** An SDK MeterProvider whose metrics the test reads back, by instrument name. */
export function memoryMetrics() {
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const collect = async (): Promise<MetricData[]> => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  };
  const metric = async (name: string): Promise<MetricData | undefined> =>
    (await collect()).find((data) => data.descriptor.name === name);
  return { meterProvider, collect, metric };
}

/** A gate whose ledger goes to a memory sink, signed with `key`: a trail for a test to read, verify or write out. */
export function signedGate(options: Omit<GateOptions, "audit">, key: AuditKeyPair) {
  const sink = memorySink();
  const gate = createGate({ ...options, audit: { sink, signingKey: key.privateKey } });
  return {
    gate,
    sink,
    /** Closes the gate, so that every entry is written, and gives them parsed (checkpoints too). */
    async written<Entry>(): Promise<Entry[]> {
      await gate.close();
      return sink.lines.map((line) => JSON.parse(line) as Entry);
    },
    /** The verifier's report on the sink's trail, with the key's public half. */
    verified: () => verifyAudit(sink.text(), { publicKey: key.publicKey }),
  };
}

/** Writes a trail's JSONL `text` to `audit.jsonl` in a new temporary folder, and gives its path. */
export function trailFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "toolgate-trail-")), "audit.jsonl");
  writeFileSync(path, text);
  return path;
}
