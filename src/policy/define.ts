import { readFile } from "node:fs/promises";
import { ToolgateError } from "../errors.js";
import { buildPolicy, invalidPolicy } from "./build.js";
import type { Policy } from "./policy.js";
import type { PolicyDefinition } from "./types.js";
import { parsePolicyText } from "./yaml.js";

/**
 * Validates and compiles a policy written as data. Unknown keys, bad operators, duplicate ids, names that
 * cannot be read one way only and invalid regular expressions are all `INVALID_POLICY` errors that name
 * the path. Nothing is trimmed or normalised: what loads is exactly what is written.
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
  return buildPolicy(definition);
}

const LOOKS_LIKE_A_PATH = /^(?:[a-z]:)?[^\n:{}[\]]*\.(?:ya?ml|json)$/i;

/**
 * Parses a policy from JSON or YAML text, then validates it like `definePolicy`. To read a file, use
 * `loadPolicyFile`.
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
  if (typeof text !== "string") throw invalidPolicy(["expected the policy as JSON or YAML text"], source);
  if (LOOKS_LIKE_A_PATH.test(text.trim())) {
    const hint = `loadPolicy takes the policy's text, and ${JSON.stringify(text.trim())} looks like a file name`;
    throw invalidPolicy([`${hint}: use await loadPolicyFile(${JSON.stringify(text.trim())})`], source);
  }
  const parsed = await parsePolicyText(text);
  if (parsed.problems.length > 0) throw invalidPolicy(parsed.problems, source);
  return buildPolicy(parsed.data, source);
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
