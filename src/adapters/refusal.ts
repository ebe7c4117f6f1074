import { isToolgateError, type ToolgateError } from "../errors.js";

/**
 * The text a model sees when toolgate refuses a call: what was refused and by which rule, with no
 * internals (no agent ids, no stack). The host still gets the full `ToolgateError`.
 */
export function refusalText(error: ToolgateError): string {
  const rule = error.decision?.rule ?? error.code;
  const reason = error.decision?.reason ?? error.message;
  return `Tool call refused (${error.code}, rule "${rule}"): ${reason}. Do not retry this exact call.`;
}

/** True when the error is a refusal by the gate (not the tool's own failure). */
export function isRefusal(error: unknown): error is ToolgateError {
  return isToolgateError(error) && error.code !== "TOOL_FAILED";
}
