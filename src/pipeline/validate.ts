import type { StandardSchemaV1 } from "../tool/standard-schema.js";
import { refuse } from "./refuse.js";
import type { Next, Stage, ToolCall } from "./types.js";

function describeIssue(issue: StandardSchemaV1.Issue): string {
  const path = (issue.path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment));
  return path.length > 0 ? `${path.join(".")}: ${issue.message}` : issue.message;
}

function invalid(call: ToolCall, problems: string): Error {
  return refuse(
    call,
    "INVALID_INPUT",
    { effect: "deny", rule: "invalid-input", reason: `input does not match the tool's schema (${problems})` },
    "Fix the arguments and call again.",
  );
}

function proceed(call: ToolCall, result: StandardSchemaV1.Result<unknown>, next: Next): Promise<unknown> {
  if (result.issues) throw invalid(call, result.issues.map(describeIssue).join("; "));
  call.input = result.value;
  return next();
}

/**
 * Validates the input with the tool's Standard Schema and replaces it with the schema's output, so
 * conditions and the tool read validated data. A schema that throws counts as invalid input.
 *
 * @example
 * ```ts
 * const stage = validate();
 * ```
 */
export function validate(): Stage {
  return (call, next) => {
    let result: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>;
    try {
      result = call.tool.input["~standard"].validate(call.input);
    } catch (error) {
      throw invalid(call, `the schema threw: ${(error as Error)?.message ?? String(error)}`);
    }
    if (result instanceof Promise) {
      return result.then(
        (settled) => proceed(call, settled, next),
        (error: unknown) => {
          throw invalid(call, `the schema threw: ${(error as Error)?.message ?? String(error)}`);
        },
      );
    }
    return proceed(call, result, next);
  };
}
