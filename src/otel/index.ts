// toolgate/otel: an optional one-line OpenTelemetry setup for scripts and examples. The core package
// never registers a provider; this entry does, because that is its only job.

export type { Tracing, TracingSetupOptions } from "./setup.js";
export { setupTracing } from "./setup.js";
export { formatSpanTree } from "./tree.js";
