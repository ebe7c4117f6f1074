import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { NodeSDK } from "@opentelemetry/sdk-node";
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace";
import { exportFailureLine, once, otlpTracesUrl, reportingExporter } from "./export-failures.js";

/**
 * What `setupTracing` takes.
 *
 * @example
 * ```ts
 * const options: TracingSetupOptions = { serviceName: "support-agent" };
 * ```
 */
export interface TracingSetupOptions {
  serviceName?: string;
  /** Also export over OTLP/HTTP. Defaults to on when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. */
  otlp?: boolean;
  /**
   * Receives the one line that says the OTLP exporter failed (the first failure only; later ones are not
   * reported). Defaults to writing it to stderr. An export failure never rejects `spans()` or `shutdown()`.
   */
  onExportError?: (line: string) => void;
}

/**
 * A running tracing setup: the finished spans kept in memory, and a way to flush and stop.
 *
 * @example
 * ```ts
 * const tracing: Tracing = setupTracing();
 * await tracing.shutdown();
 * ```
 */
export interface Tracing {
  readonly otlp: boolean;
  /** Every span finished so far, for a console view or a test. Never waits for the OTLP exporter. */
  spans(): Promise<ReadableSpan[]>;
  /**
   * Flushes every exporter and stops the SDK. An unreachable collector costs at most the exporter's timeout
   * (`OTEL_EXPORTER_OTLP_TIMEOUT`, 10 s by default), is reported once, and never rejects.
   */
  shutdown(): Promise<void>;
}

/**
 * One-line OpenTelemetry setup for scripts and examples, on `@opentelemetry/sdk-node`: registers the
 * global provider, an AsyncLocalStorage context manager and W3C propagation, keeps spans in memory, and
 * exports them over OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (Jaeger, Tempo, Honeycomb, Langfuse…).
 * Applications that already run an SDK do not need it: toolgate uses whatever provider is registered.
 *
 * @example
 * ```ts
 * import { setupTracing, formatSpanTree } from "toolgate/otel";
 * const tracing = setupTracing({ serviceName: "support-agent" });
 * // … guarded calls …
 * console.log(formatSpanTree(await tracing.spans()));
 * await tracing.shutdown();
 * ```
 */
export function setupTracing(options: TracingSetupOptions = {}): Tracing {
  const memory = new InMemorySpanExporter();
  const local = new SimpleSpanProcessor({ exporter: memory });
  const otlp = options.otlp ?? Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const writeLine = options.onExportError ?? ((line: string) => process.stderr.write(`${line}\n`));
  const report = once((error: unknown) => writeLine(exportFailureLine(otlpTracesUrl(), error)));
  const spanProcessors: SpanProcessor[] = [local];
  if (otlp) {
    const exporter = reportingExporter(new OTLPTraceExporter(), report);
    spanProcessors.push(new BatchSpanProcessor({ exporter }));
  }
  const sdk = new NodeSDK({
    serviceName: options.serviceName ?? "toolgate",
    spanProcessors,
    instrumentations: [],
  });
  sdk.start();
  return {
    otlp,
    async spans() {
      // Only the in-memory processor: waiting on the OTLP one would tie a local view to the collector.
      await local.forceFlush();
      return memory.getFinishedSpans();
    },
    // A failed flush is reported (once, with the exporter's own failures), never rejected into the host.
    shutdown: () => sdk.shutdown().catch(report),
  };
}
