import { loose } from "./loose.js";
import { nameProblem } from "./names.js";
import type { PolicyDefinition } from "./types.js";

/**
 * @internal Rule names of the decisions toolgate makes itself, on state or code rather than policy: replay does
 * not remake them, and a policy rule may not take one.
 */
export const BUILT_IN_RULES: readonly string[] = [
  "suspended",
  "delegation",
  "invalid-input",
  "policy-error",
  "aborted",
  "pipeline",
  "unidentified-agent",
  "retired",
  "store-unavailable",
  "audit-unavailable",
  "attestation-required",
  "request-state",
  "unknown-tool",
  "ungated-path",
  "malformed-request",
  "framework-approval",
];
// A policy rule may not take these either, or a look-alike: the policy's own default, "no rule", and the decision
// a call in shadow mode records (replay remakes those from the would-be decision it carries).
const RESERVED = ["default-deny", "none", "shadow-mode", ...BUILT_IN_RULES];
// Letters and digits, read loosely: `Default_Deny`, `default deny` and `dеfault-deny` share one skeleton.
const skeleton = (id: string) => loose(id).replace(/[^\p{L}\p{N}]/gu, "");
const RESERVED_BY_SKELETON = new Map(RESERVED.map((id) => [skeleton(id), id]));

/** Why a rule, limit or flow id cannot be used, or `undefined` when it can. */
export function idProblem(id: string): string | undefined {
  const problem = nameProblem(id);
  if (problem) return problem;
  const reserved = RESERVED_BY_SKELETON.get(skeleton(id));
  if (reserved) {
    return `is reserved or malformed: it reads like "${reserved}", a name toolgate gives its own decisions (${RESERVED.join(", ")})`;
  }
  const folded = loose(id);
  if (folded.includes("+")) return 'is reserved or malformed: "+" joins the ids of rules that decided together';
  if (folded.startsWith("stage:")) return 'is reserved or malformed: "stage:" names refusals by pipeline stages';
  return undefined;
}

/** Ids used twice across rules, limits, flows and monitors, including ids that differ only in their loose reading. */
export function duplicateIds(definition: PolicyDefinition): string[] {
  const seen = new Map<string, { id: string; at: string }>();
  const problems: string[] = [];
  const sections = [
    ["rules", definition.rules],
    ["limits", definition.limits ?? []],
    ["flows", definition.flows ?? []],
    ["monitors", definition.monitors ?? []],
  ] as const;
  for (const [section, entries] of sections) {
    entries.forEach((entry, index) => {
      const at = `${section}[${index}].id`;
      const first = seen.get(loose(entry.id));
      if (!first) seen.set(loose(entry.id), { id: entry.id, at });
      else if (first.id === entry.id) problems.push(`${at}: duplicate id "${entry.id}" (first used at ${first.at})`);
      else problems.push(`${at}: id "${entry.id}" reads like "${first.id}" (${first.at}): give it a distinct name`);
    });
  }
  return problems;
}
