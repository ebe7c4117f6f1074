import { z } from "zod";

const text = z.string().min(1, "must be a non-empty string");

/** One decision test: a call and the decision it must get. */
const testCase = z.strictObject({
  name: text,
  agent: text,
  tool: text,
  input: z.unknown().optional(),
  risk: z.enum(["low", "medium", "high", "critical"]).optional(),
  tags: z.array(text).optional(),
  expect: z.strictObject({
    effect: z.enum(["allow", "deny", "require_approval"]),
    rule: text.optional(),
  }),
});

/** A policy test file: the policy it tests (relative to the test file) and its cases. */
export const policyTestFileSchema = z.strictObject({
  policy: text,
  cases: z.array(testCase).min(1, "must list at least one case"),
});

export type PolicyTestFile = z.infer<typeof policyTestFileSchema>;
export type PolicyTestCase = PolicyTestFile["cases"][number];

/** `cases[2].expect.effect: expected one of …` for each problem. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("");
    return `${path.replace(/^\./, "") || "(file)"}: ${issue.message}`;
  });
}
