import type { Decision } from "../policy/decision.js";
import type { StandardSchemaV1 } from "../tool/standard-schema.js";
import { refuse } from "./refuse.js";
import type { Next, Stage, ToolCall } from "./types.js";

function describeIssue(issue: StandardSchemaV1.Issue): string {
  const path = (issue.path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment));
  return path.length > 0 ? `${path.join(".")}: ${issue.message}` : issue.message;
}

/** What a schema's issues, or its throw, say went wrong: one line for a decision's reason. */
export function schemaProblems(failure: { issues: readonly StandardSchemaV1.Issue[] } | { thrown: unknown }): string {
  if ("issues" in failure) return failure.issues.map(describeIssue).join("; ");
  return `the schema threw: ${(failure.thrown as Error)?.message ?? String(failure.thrown)}`;
}

/** The decision for input its tool's schema refused (used by the stage and by `gate.check`). */
export function invalidInputDecision(problems: string): Decision {
  return { effect: "deny", rule: "invalid-input", reason: `input does not match the tool's schema (${problems})` };
}

const invalid = (call: ToolCall, problems: string): Error =>
  refuse(call, "INVALID_INPUT", invalidInputDecision(problems), "Fix the arguments and call again.");

function proceed(call: ToolCall, result: StandardSchemaV1.Result<unknown>, next: Next): Promise<unknown> {
  if (result.issues) throw invalid(call, schemaProblems({ issues: result.issues }));
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
      throw invalid(call, schemaProblems({ thrown: error }));
    }
    if (result instanceof Promise) {
      return result.then(
        (settled) => proceed(call, settled, next),
        (error: unknown) => {
          throw invalid(call, schemaProblems({ thrown: error }));
        },
      );
    }
    return proceed(call, result, next);
  };
}
