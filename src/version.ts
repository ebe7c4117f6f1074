/** The package version, reported as the tracer's instrumentation version. @example `VERSION; // "0.1.0"` */
export const VERSION = "0.1.0";
