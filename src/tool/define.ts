import { ToolgateError } from "../errors.js";
import { unreadable } from "../internal/text.js";
import { RISKS } from "./risk.js";
import type { StandardSchemaV1 } from "./standard-schema.js";
import type { Tool, ToolOptions } from "./tool.js";

const TOOL_TYPES = ["function", "extension", "datastore"];
const DEFAULT_MAX_INPUT_BYTES = 1_048_576;
const MAX_NAME = 256;

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
  const { maxInputBytes = DEFAULT_MAX_INPUT_BYTES } = options;
  if (typeof name !== "string" || name.trim() === "") bad("`name` must be a non-empty string");
  if (name.length > MAX_NAME) bad(`\`name\` must be at most ${MAX_NAME} characters`);
  // The policy, spans and approvers know a tool by its name: it must not pass for another one.
  const unclear = unreadable(name);
  if (unclear) bad(`tool name ${JSON.stringify(name)} ${unclear}`);
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
  if (!Number.isSafeInteger(maxInputBytes) || maxInputBytes < 1)
    bad(`tool "${name}": \`maxInputBytes\` must be a positive integer`);
  const frozenTags = Object.freeze([...tags]);
  return Object.freeze({ name, description, input, risk, tags: frozenTags, type, maxInputBytes, execute });
}
