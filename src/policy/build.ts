import { ToolgateError } from "../errors.js";
import { compilePolicy } from "./compile.js";
import { duplicateIds } from "./ids.js";
import { formatIssues } from "./issues.js";
import { plainPolicyData } from "./plain-data.js";
import { Policy } from "./policy.js";
import { policySchema } from "./schema.js";
import type { PolicyDefinition } from "./types.js";

const KNOWN_KEYS = [
  ...["rules", "limits", "flows", "approval", "id", "description", "agents", "tools", "effect", "when"],
  ...["eq", "ne", "in", "notIn", "lt", "lte", "gt", "gte", "matches", "startsWith", "within", "realpath"],
  ...["approvers", "steps", "quorum", "timeout", "risk", "max", "window", "after", "then", "tags", "n", "of"],
  ...["per", "scope", "mode"],
  ...["monitors", "kind", "action", "cooldown", "field", "learn", "baseline", "length"],
];

/** The `INVALID_POLICY` error listing every problem, each with its path. */
export function invalidPolicy(problems: readonly string[], source?: string): ToolgateError {
  const where = source ? ` (${source})` : "";
  return new ToolgateError({
    code: "INVALID_POLICY",
    message: `Invalid policy${where}; fix these and load it again:\n  ${problems.join("\n  ")}`,
  });
}

/**
 * Validates and compiles policy data: a plain-data copy first (so nothing deep, cyclic, huge or changing
 * reaches the schema), then the schema, then ids, then compilation. Nothing is trimmed or normalised.
 */
export function buildPolicy(data: unknown, source?: string): Policy {
  const plain = plainPolicyData(data);
  if (plain.problems.length > 0) throw invalidPolicy(plain.problems, source);
  const parsed = policySchema.safeParse(plain.data, { reportInput: true });
  if (!parsed.success) throw invalidPolicy(formatIssues(parsed.error.issues, KNOWN_KEYS), source);
  const definition = parsed.data as PolicyDefinition;
  const duplicates = duplicateIds(definition);
  if (duplicates.length > 0) throw invalidPolicy(duplicates, source);
  try {
    return new Policy(definition, compilePolicy(definition));
  } catch (error) {
    throw invalidPolicy([(error as Error).message], source);
  }
}
