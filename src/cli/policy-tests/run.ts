import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ToolgateError } from "../../errors.js";
import type { Decision } from "../../policy/decision.js";
import { loadPolicy } from "../../policy/define.js";
import { explainPolicy } from "../../policy/explain.js";
import type { Policy } from "../../policy/policy.js";
import { decisionDiff } from "./diff.js";
import { describeIssues, type PolicyTestCase, policyTestFileSchema } from "./schema.js";

/**
 * The outcome of one decision test: what it expected, what the policy decided, and the diff when they differ.
 *
 * @example
 * ```ts
 * const { results } = await runPolicyTests("policy.test.yaml");
 * const failures: PolicyTestResult[] = results.filter((result) => !result.passed);
 * for (const failure of failures) console.log(failure.name, failure.diff.join("\n"));
 * ```
 */
export interface PolicyTestResult {
  readonly file: string;
  readonly policy: string;
  readonly name: string;
  readonly passed: boolean;
  readonly expected: PolicyTestCase["expect"];
  readonly actual: Decision;
  /** Lines of `effect: …` and `rule: …`, prefixed `- ` (expected) and `+ ` (actual) where they differ. */
  readonly diff: readonly string[];
}

/**
 * Every case of every file, in order, with the counts.
 *
 * @example
 * ```ts
 * const report: PolicyTestReport = await runPolicyTests(["policy.test.yaml"]);
 * console.log(`${report.passed} cases passed, ${report.failed} failed`);
 * ```
 */
export interface PolicyTestReport {
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly PolicyTestResult[];
}

const invalidTest = (file: string, problems: readonly string[]) =>
  new ToolgateError({
    code: "INVALID_ARGUMENT",
    message: `Invalid policy test file ${file}; fix these and run it again:\n  ${problems.join("\n  ")}`,
  });

async function readTestFile(file: string) {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw invalidTest(file, [`cannot read it: ${(error as Error).message}`]);
  }
  const { parse } = await import("yaml");
  let data: unknown;
  try {
    data = parse(text, { uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    throw invalidTest(file, [`cannot parse as YAML: ${(error as Error).message}`]);
  }
  const parsed = policyTestFileSchema.safeParse(data);
  if (!parsed.success) throw invalidTest(file, describeIssues(parsed.error));
  return parsed.data;
}

async function readPolicy(path: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ToolgateError({
      code: "INVALID_POLICY",
      message: `Cannot read policy file ${path}: ${(error as Error).message}. The path is relative to the test file.`,
    });
  }
  return loadPolicy(text, path);
}

function runCase(file: string, policyPath: string, policy: Policy, testCase: PolicyTestCase): PolicyTestResult {
  const { decision } = explainPolicy(policy, { ...testCase, input: testCase.input ?? {} });
  const passed =
    decision.effect === testCase.expect.effect &&
    (testCase.expect.rule === undefined || decision.rule === testCase.expect.rule);
  const diff = decisionDiff(testCase.expect, decision);
  return { file, policy: policyPath, name: testCase.name, passed, expected: testCase.expect, actual: decision, diff };
}

/**
 * Runs decision tests written in YAML, like `opa test`: each file names a policy (relative to the file) and
 * lists cases `{ name, agent, tool, input, risk?, tags?, expect: { effect, rule? } }`. Each case is decided
 * as `explainPolicy` decides it. A file or policy that cannot be read or is invalid throws a `ToolgateError`
 * (`INVALID_ARGUMENT` or `INVALID_POLICY`) naming it; failing cases do not throw, they are in the report.
 *
 * @example
 * ```ts
 * import { expect, it } from "vitest";
 * it("the policy decides as its tests say", async () => {
 *   const report = await runPolicyTests(["policies/support.test.yaml"]);
 *   expect(report.results.filter((result) => !result.passed)).toEqual([]);
 * });
 * ```
 */
export async function runPolicyTests(files: string | readonly string[]): Promise<PolicyTestReport> {
  const policies = new Map<string, Promise<Policy>>();
  const results: PolicyTestResult[] = [];
  for (const file of typeof files === "string" ? [files] : files) {
    const tests = await readTestFile(file);
    const policyPath = resolve(dirname(file), tests.policy);
    let policy = policies.get(policyPath);
    if (!policy) {
      policy = readPolicy(policyPath);
      policies.set(policyPath, policy);
    }
    const loaded = await policy;
    for (const testCase of tests.cases) results.push(runCase(file, tests.policy, loaded, testCase));
  }
  const failed = results.filter((result) => !result.passed).length;
  return { passed: results.length - failed, failed, results };
}
