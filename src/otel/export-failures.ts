import type { SpanExporter } from "@opentelemetry/sdk-trace";

type ExportCallback = Parameters<SpanExporter["export"]>[1];
type ExportResult = Parameters<ExportCallback>[0];

// ExportResultCode.SUCCESS in @opentelemetry/core, which is not a peer of toolgate/otel.
const SUCCESS = 0;

/** Where the OTLP/HTTP trace exporter sends, by the environment variables it reads. */
export function otlpTracesUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT || "http://localhost:4318";
  return `${base.replace(/\/+$/, "")}/v1/traces`;
}

// Node reports a refused dual-stack connect as an AggregateError with an empty message.
function describe(error: unknown): string {
  const first = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  if (!(first instanceof Error)) return String(first ?? "unknown error");
  const code = (first as { code?: unknown }).code;
  const message = first.message || first.name;
  return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
}

/** The one line printed when the collector cannot be reached. */
export function exportFailureLine(url: string, error: unknown): string {
  return (
    `toolgate/otel: cannot export spans to ${url} (${describe(error)}); ` +
    "they are still kept in memory. Start a collector there or unset OTEL_EXPORTER_OTLP_ENDPOINT. " +
    "Later export failures are not reported."
  );
}

/** Calls `report` for the first error only: one readable line, not one per batch. */
export function once(report: (error: unknown) => void): (error: unknown) => void {
  let reported = false;
  return (error) => {
    if (reported) return;
    reported = true;
    report(error);
  };
}

/**
 * Wraps an exporter so that every failed export is handed to `report` and none throws into the host; the
 * result still goes back to the span processor, which only logs through the OpenTelemetry diag API.
 */
export function reportingExporter(exporter: SpanExporter, report: (error: unknown) => void): SpanExporter {
  return {
    export(spans, done) {
      try {
        exporter.export(spans, (result: ExportResult) => {
          if (result.code !== SUCCESS) report(result.error);
          done(result);
        });
      } catch (error) {
        report(error);
        done({ code: 1, error: error instanceof Error ? error : new Error(String(error)) });
      }
    },
    shutdown: () => exporter.shutdown().catch(report),
    forceFlush: () => exporter.forceFlush?.().catch(report) ?? Promise.resolve(),
  };
}
