// The ledger's entries travel on spans (AUDIT_SPAN): exported by the real SDK and OTLP http/json exporter to a real
// receiver on loopback, they verify as a trail; a span that never arrived is named, with the sampling caveat.
import { MockOtlpServer } from "@elastic/mockotlpserver";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Appended,
  auditSpanAttributes,
  auditSpanEvent,
  type ChainedEntry,
  createLedger,
  generateAuditKey,
  type LedgerRefusal,
  verifyAudit,
} from "../../src/index.js";
import { begin, end, refusal } from "./helpers.js";

const received: object[] = [];
const server = new MockOtlpServer({
  services: ["http"],
  httpHostname: "127.0.0.1",
  httpPort: 0,
  logLevel: "warn",
  onTrace: (request) => received.push(request as object),
});
beforeAll(() => server.start());
afterAll(() => server.close());

const key = generateAuditKey();
const ok = (result: Appended | LedgerRefusal): Appended => {
  if (!result.ok) throw new Error(result.message);
  return result;
};

async function exportCalls(): Promise<number> {
  const exporter = new OTLPTraceExporter({ url: new URL("/v1/traces", server.httpUrl as URL).href });
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer("toolgate-test");
  const ledger = createLedger({ signingKey: key.privateKey, checkpoint: { every: 4 } });
  const carry = (span: ReturnType<typeof tracer.startSpan>, entries: readonly ChainedEntry[]) => {
    for (const other of entries) span.addEvent(...auditSpanEvent(other));
  };
  for (let i = 0; i < 5; i++) {
    const span = tracer.startSpan("execute_tool refund.issue");
    const begun = ok(ledger.append(begin(`call-${i}`, { arguments: { amount: 20 * i, note: "ünïcødé" } })));
    span.addEvent(...auditSpanEvent(begun));
    carry(span, begun.alsoAppended);
    const ended = ok(ledger.append(end(`call-${i}`, begun.entry.seq)));
    span.setAttributes(auditSpanAttributes(ended));
    carry(span, ended.alsoAppended);
    span.end();
  }
  const denied = tracer.startSpan("execute_tool refund.issue");
  const refused = ok(ledger.append(refusal("call-denied")));
  denied.setAttributes(auditSpanAttributes(refused));
  carry(denied, refused.alsoAppended);
  denied.end();
  const closing = tracer.startSpan("toolgate.audit.close");
  carry(closing, await ledger.close());
  closing.end();
  await provider.forceFlush();
  await provider.shutdown();
  return ledger.head.seq;
}

describe("OTLP JSON round trip", () => {
  let entries = 0;
  beforeAll(async () => {
    entries = await exportCalls();
  });

  it("verifies what arrived at the receiver, as request objects and as the file exporter's JSONL", () => {
    expect(received.length).toBeGreaterThan(0);
    const report = verifyAudit(received, { publicKey: key.publicKey });
    expect(report).toMatchObject({ ok: true, source: "otlp", entries, breaks: [], warnings: [] });
    expect(report.chains[0]).toMatchObject({ first: 1, last: entries, closed: true, signedThrough: entries });
    const fileExport = received.map((request) => JSON.stringify(request)).join("\n");
    expect(verifyAudit(fileExport, { publicKey: key.publicKey })).toMatchObject({ ok: true, source: "otlp" });
  });

  it("names the entries of a span that never arrived, and says verifying from OTLP needs always-on sampling", () => {
    const requests = structuredClone(received) as {
      resourceSpans: { scopeSpans: { spans: { attributes: { key: string }[] }[] }[] }[];
    }[];
    const spans = requests.flatMap((r) => r.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
    const carrier = spans.find((span) => span.attributes.some((a) => a.key === "toolgate.audit.entry"));
    if (!carrier) throw new Error("no span carries an entry");
    carrier.attributes = carrier.attributes.filter((a) => a.key !== "toolgate.audit.entry");
    const report = verifyAudit(requests, { publicKey: key.publicKey });
    expect(report.breaks).toEqual([
      expect.objectContaining({ kind: "deleted", count: 1, message: expect.stringMatching(/always-on sampling/) }),
      expect.objectContaining({ kind: "unended", callId: "call-0" }),
    ]);
  });
});
