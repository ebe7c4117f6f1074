import type { StandardSchemaV1 } from "./standard-schema.js";

/**
 * A Standard Schema that accepts any input unchanged. For adapters whose framework has already validated
 * the arguments against its own schema (JSON Schema, for example) before the tool runs.
 *
 * @example
 * ```ts
 * const tool = defineTool({ name: "search", input: passthroughSchema<{ q: string }>(), execute: ({ q }) => q });
 * ```
 */
export function passthroughSchema<T = unknown>(): StandardSchemaV1<T, T> {
  return { "~standard": { version: 1, vendor: "toolgate", validate: (value) => ({ value: value as T }) } };
}
