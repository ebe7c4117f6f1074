import { ToolgateError } from "../errors.js";
import { RISKS } from "./risk.js";
import type { StandardSchemaV1 } from "./standard-schema.js";
import type { Tool, ToolOptions } from "./tool.js";

const TOOL_TYPES = ["function", "extension", "datastore"];

function bad(message: string): never {
  throw new ToolgateError({ code: "INVALID_ARGUMENT", message: `defineTool: ${message}` });
}

/**
 * Declares a tool: its name, input schema, risk and tags, and what it does.
 *
 * @example
 * ```ts
 * const refund = defineTool({
 *   name: "refund.issue",
 *   description: "Refund part or all of an order",
 *   input: z.object({ orderId: z.string(), amount: z.number().positive() }),
 *   risk: "high",
 *   tags: ["payment", "write"],
 *   execute: async ({ orderId, amount }) => ({ orderId, refunded: amount }),
 * });
 * ```
 */
export function defineTool<Schema extends StandardSchemaV1, Output>(
  options: ToolOptions<Schema, Output>,
): Tool<Schema, Output> {
  if (typeof options !== "object" || options === null) bad("expected an options object { name, input, execute }");
  const { name, description, input, risk = "medium", tags = [], type = "function", execute } = options;
  if (typeof name !== "string" || name.trim() === "") bad("`name` must be a non-empty string");
  if (typeof input?.["~standard"]?.validate !== "function") {
    bad(`tool "${name}": \`input\` must be a Standard Schema (zod, valibot, arktype…), got ${typeof input}`);
  }
  if (typeof execute !== "function") bad(`tool "${name}": \`execute\` must be a function`);
  if (!RISKS.includes(risk)) bad(`tool "${name}": \`risk\` must be one of ${RISKS.join(", ")}, got ${String(risk)}`);
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== "string" || tag === "")) {
    bad(`tool "${name}": \`tags\` must be an array of non-empty strings`);
  }
  if (!TOOL_TYPES.includes(type)) bad(`tool "${name}": \`type\` must be one of ${TOOL_TYPES.join(", ")}`);
  if (description !== undefined && typeof description !== "string")
    bad(`tool "${name}": \`description\` must be a string`);
  return Object.freeze({ name, description, input, risk, tags: Object.freeze([...tags]), type, execute });
}
