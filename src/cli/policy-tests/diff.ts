import type { Decision } from "../../index.js";
import type { PolicyTestCase } from "./schema.js";

/**
 * The expected and actual decision side by side, one line per field the case checks: `  ` when equal,
 * `- ` (expected) and `+ ` (actual) when not.
 */
export function decisionDiff(expected: PolicyTestCase["expect"], actual: Decision): string[] {
  const lines: string[] = [];
  const field = (name: string, want: string, got: string) => {
    if (want === got) lines.push(`  ${name}: ${got}`);
    else lines.push(`- ${name}: ${want}`, `+ ${name}: ${got}`);
  };
  field("effect", expected.effect, actual.effect);
  if (expected.rule !== undefined) field("rule", expected.rule, actual.rule);
  return lines;
}
