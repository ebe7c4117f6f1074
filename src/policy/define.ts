import { readFile } from "node:fs/promises";
import { ToolgateError } from "../errors.js";
import { compilePolicy } from "./compile.js";
import { formatIssues } from "./issues.js";
import { Policy } from "./policy.js";
import { policySchema } from "./schema.js";
import type { PolicyDefinition } from "./types.js";

const KNOWN_KEYS = [
  ...["rules", "limits", "flows", "approval", "id", "description", "agents", "tools", "effect", "when"],
  ...["eq", "ne", "in", "notIn", "lt", "lte", "gt", "gte", "matches", "startsWith", "within"],
  ...["approvers", "steps", "quorum", "timeout", "risk", "max", "window", "after", "then", "tags", "n", "of"],
  ...["per", "scope"],
];

function invalid(problems: readonly string[], source?: string): ToolgateError {
  const where = source ? ` (${source})` : "";
  return new ToolgateError({
    code: "INVALID_POLICY",
    message: `Invalid policy${where}; fix these and load it again:\n  ${problems.join("\n  ")}`,
  });
}

function duplicateIds(definition: PolicyDefinition): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  const sections = [
    ["rules", definition.rules],
    ["limits", definition.limits ?? []],
    ["flows", definition.flows ?? []],
  ] as const;
  for (const [section, entries] of sections) {
    entries.forEach((entry, index) => {
      const at = `${section}[${index}].id`;
      const first = seen.get(entry.id);
      if (first) problems.push(`${at}: duplicate id "${entry.id}" (first used at ${first})`);
      else seen.set(entry.id, at);
    });
  }
  return problems;
}

// JSON.parse makes "__proto__" an own key; validation would then drop it silently (a condition keyed
// "__proto__" would vanish and widen its rule), so it is refused wherever it appears.
function protoKeys(value: unknown, path: string, found: string[] = []): string[] {
  if (typeof value !== "object" || value === null) return found;
  for (const key of Object.keys(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (key === "__proto__") found.push(`${at}: the key "__proto__" is not allowed`);
    else protoKeys((value as Record<string, unknown>)[key], at, found);
  }
  return found;
}

function build(data: unknown, source?: string): Policy {
  const unsafe = protoKeys(data, "");
  if (unsafe.length > 0) throw invalid(unsafe, source);
  const parsed = policySchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, KNOWN_KEYS), source);
  const definition = parsed.data as PolicyDefinition;
  const duplicates = duplicateIds(definition);
  if (duplicates.length > 0) throw invalid(duplicates, source);
  try {
    return new Policy(definition, compilePolicy(definition));
  } catch (error) {
    throw invalid([(error as Error).message], source);
  }
}

/**
 * Validates and compiles a policy written as data. Unknown keys, bad operators, duplicate ids and invalid
 * regular expressions are all `INVALID_POLICY` errors that name the path.
 *
 * @example
 * ```ts
 * const policy = definePolicy({
 *   rules: [
 *     { id: "support-read", agents: ["support-bot"], tools: ["crm.*"], effect: "allow" },
 *     { id: "never-drop", tools: ["db.drop*"], effect: "deny" },
 *   ],
 * });
 * ```
 */
export function definePolicy(definition: PolicyDefinition): Policy {
  return build(definition);
}

/**
 * Parses a policy from JSON or YAML text, then validates it like `definePolicy`.
 *
 * @example
 * ```ts
 * const policy = await loadPolicy(`
 * rules:
 *   - { id: read, tools: ["*.read"], effect: allow }
 * `);
 * ```
 */
export async function loadPolicy(text: string, source?: string): Promise<Policy> {
  if (typeof text !== "string") throw invalid(["expected the policy as JSON or YAML text"], source);
  let data: unknown;
  try {
    // yaml is imported here, not at the top, so programs that never load policy files never load it.
    const { parse } = await import("yaml");
    data = parse(text, { uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    throw invalid([`cannot parse as JSON or YAML: ${(error as Error).message}`], source);
  }
  return build(data, source);
}

/**
 * Reads a `.json`, `.yaml` or `.yml` policy file and validates it like `definePolicy`.
 *
 * @example
 * ```ts
 * const policy = await loadPolicyFile("./toolgate.policy.yaml");
 * ```
 */
export async function loadPolicyFile(path: string | URL): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ToolgateError({
      code: "INVALID_POLICY",
      message: `Cannot read policy file ${String(path)}: ${(error as Error).message}. Check the path and permissions.`,
      cause: error,
    });
  }
  return loadPolicy(text, String(path));
}
