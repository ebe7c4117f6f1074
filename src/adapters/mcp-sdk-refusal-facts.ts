// What the record says about a `tools/call` the MCP SDK refused itself: the request's fields, read once and never
// trusted, and the rule the refusal falls under, with the SDK's own words (bounded and redacted by the recorder).
import { ToolgateError } from "../errors.js";

/** @internal A tool as the SDK's own record holds it, as far as a refusal's record reads it. */
export type Listed = { enabled?: unknown; annotations?: object } | undefined;

const refusal = (code: "TOOL_DENIED" | "INVALID_INPUT", rule: string, reason: string, tool: unknown) =>
  new ToolgateError({
    code,
    message: `MCP call refused by the SDK before toolgate: ${reason}.`,
    decision: { effect: "deny", rule, reason },
    ...(typeof tool === "string" && { tool }),
  });

/** The SDK's own words about the refusal: a thrown error's message, or an isError result's first text. */
function told(outcome: { error: unknown } | { result: unknown }): string {
  try {
    const said =
      "error" in outcome
        ? (outcome.error as { message?: unknown })?.message
        : (outcome.result as { content?: { text?: unknown }[] })?.content?.[0]?.text;
    return typeof said === "string" ? said : "(no reason given)";
  } catch {
    return "(unreadable reason)";
  }
}

/** @internal Which rule the SDK's refusal of `name` falls under: no such tool, or a request or arguments it refused. */
export function classify(
  name: unknown,
  tool: Listed,
  outcome: { error: unknown } | { result: unknown },
): ToolgateError {
  if (typeof name !== "string") return refusal("INVALID_INPUT", "malformed-request", "the request names no tool", name);
  if (tool === undefined) return refusal("TOOL_DENIED", "unknown-tool", "the server has no tool of this name", name);
  if (tool.enabled === false) return refusal("TOOL_DENIED", "unknown-tool", "the tool is disabled", name);
  const why = told(outcome);
  if ("error" in outcome)
    return refusal("INVALID_INPUT", "malformed-request", `the SDK refused the request (${why})`, name);
  return refusal("INVALID_INPUT", "invalid-input", `the SDK refused the arguments (${why})`, name);
}

/** @internal Reads the request's fields once; a request that is not an object reads as naming nothing. */
export function fieldsOf(request: unknown): { id: unknown; name: unknown; args: unknown; meta: unknown } {
  try {
    const { id, params } = request as { id?: unknown; params?: Record<string, unknown> };
    const { name, arguments: args, _meta: meta } = (typeof params === "object" && params) || {};
    return { id, name, args, meta };
  } catch {
    return { id: undefined, name: undefined, args: undefined, meta: undefined };
  }
}
