import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  type SpanExporter,
  TracerProvider,
} from "@opentelemetry/sdk-trace";

type ExportCallback = Parameters<SpanExporter["export"]>[1];

// ExportResultCode.SUCCESS, without importing @opentelemetry/core (not a direct dependency).
const SUCCESS = { code: 0 } as Parameters<ExportCallback>[0];

/** A span exporter that counts and discards, so the bench measures recording, not shipping. */
export class DiscardingExporter implements SpanExporter {
  exported = 0;

  export(spans: ReadableSpan[], resultCallback: ExportCallback): void {
    this.exported += spans.length;
    resultCallback(SUCCESS);
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A recording provider as an application would set one up: every span sampled, exported in batches. */
export function recordingProvider(): { provider: TracerProvider; exporter: DiscardingExporter } {
  const exporter = new DiscardingExporter();
  const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] });
  return { provider, exporter };
}

/**
 * A provider whose spans are read back, with the same processor class as the recording provider: a second
 * processor class (a SimpleSpanProcessor) makes the SDK's and toolgate's span code polymorphic, which slowed the
 * traced call it was set up beside by up to 2× in one process.
 */
export function capturingProvider(): { provider: TracerProvider; finished(): Promise<ReadableSpan[]> } {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] });
  return { provider, finished: () => provider.forceFlush().then(() => exporter.getFinishedSpans()) };
}

/** A metric reader nobody collects from: the SDK still aggregates every measurement, which is what costs. */
class IdleReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** An SDK MeterProvider as an application would register one (the export interval is the reader's business). */
export function meteredProvider(): MeterProvider {
  return new MeterProvider({ readers: [new IdleReader()] });
}
