import { ToolgateError } from "../errors.js";
import type { CallOptions } from "./guarded.js";

const optionalText = (value: unknown) => value === undefined || (typeof value === "string" && value !== "");

/** Refuses call options of the wrong shape up front, before a span or a stage sees them. */
export function checkCallOptions(tool: string, agentId: string, options: CallOptions | undefined): void {
  if (options === undefined) return;
  const problem =
    typeof options !== "object" || options === null
      ? "options must be an object { callId?, conversationId?, signal? }"
      : !optionalText(options.callId)
        ? "`callId` must be a non-empty string"
        : !optionalText(options.conversationId)
          ? "`conversationId` must be a non-empty string"
          : options.signal !== undefined && !(options.signal instanceof AbortSignal)
            ? "`signal` must be an AbortSignal"
            : undefined;
  if (problem) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: `${tool}.call(input, options): ${problem}.`,
      agentId,
      tool,
    });
  }
}
