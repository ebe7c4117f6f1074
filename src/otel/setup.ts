import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { NodeSDK } from "@opentelemetry/sdk-node";
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace";

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
  /** Every span finished so far, for a console view or a test. */
  spans(): Promise<ReadableSpan[]>;
  /** Flushes every exporter and stops the SDK. */
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
  const otlp = options.otlp ?? Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const spanProcessors: SpanProcessor[] = [new SimpleSpanProcessor({ exporter: memory })];
  if (otlp) spanProcessors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }));
  const sdk = new NodeSDK({
    serviceName: options.serviceName ?? "toolgate",
    spanProcessors,
    instrumentations: [],
  });
  sdk.start();
  return {
    otlp,
    async spans() {
      await Promise.all(spanProcessors.map((processor) => processor.forceFlush()));
      return memory.getFinishedSpans();
    },
    shutdown: () => sdk.shutdown(),
  };
}
