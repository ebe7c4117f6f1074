import { Policy } from "../policy/policy.js";
import type { PolicyDefinition } from "../policy/types.js";
import { IdClaims, mergeError } from "./id-claims.js";
import { checkMonitorApprovers } from "./monitor-approvers.js";
import type { PolicyPreset } from "./preset.js";

const SECTIONS = ["rules", "limits", "flows", "monitors"] as const;
type Section = (typeof SECTIONS)[number];
// Presets written before monitors existed carry no `monitors`: an absent section is an empty one.
const OPTIONAL: ReadonlySet<Section> = new Set(["monitors"]);

function checkedPreset(preset: unknown, position: number): PolicyPreset {
  const candidate = preset as Partial<PolicyPreset> | null;
  const wellFormed =
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.id === "string" &&
    SECTIONS.every(
      (section) => Array.isArray(candidate[section]) || (OPTIONAL.has(section) && candidate[section] === undefined),
    );
  if (!wellFormed) {
    mergeError(
      `withPresets: argument ${position + 2} is not a preset; pass presets.seedChain, presets.trifecta, presets.auditTrail, presets.saneMonitors or an object { id, description, rules, limits, flows, monitors? }`,
    );
  }
  return candidate as PolicyPreset;
}

function copied(preset: PolicyPreset, section: Section): unknown[] {
  try {
    return structuredClone([...(preset[section] ?? [])]);
  } catch (error) {
    return mergeError(
      `Cannot merge preset "${preset.id}": its ${section} are not plain data (${(error as Error).message})`,
    );
  }
}

/**
 * Merges presets into a policy: the policy's rules, limits, flows and monitors first, then each preset's, in the
 * order given; the policy's `approval` section is kept (preset flows ask its approvers). Returns new plain data —
 * pass it to `definePolicy`, which validates the whole, or write it out as YAML for `toolgate policy check`.
 * An id a preset shares with the policy or with another preset (also when they only read alike, such as
 * `Seed-Chain.burst`, and across sections: a monitor of yours named like a preset's) is an `INVALID_POLICY`
 * error naming both, and so is a preset given twice.
 *
 * @example
 * ```ts
 * const policy = definePolicy(
 *   withPresets(
 *     {
 *       rules: [{ id: "support", agents: ["support-bot"], tools: ["*"], effect: "allow" }],
 *       approval: { approvers: ["security"] },
 *     },
 *     presets.seedChain,
 *     presets.trifecta,
 *     presets.auditTrail,
 *   ),
 * );
 * ```
 */
export function withPresets(
  policy: Readonly<PolicyDefinition> | Policy,
  ...presets: readonly PolicyPreset[]
): PolicyDefinition {
  const base = (policy instanceof Policy ? policy.definition : policy) as PolicyDefinition;
  if (typeof base !== "object" || base === null || !Array.isArray(base.rules)) {
    mergeError("withPresets: the policy must be policy data { rules: [...] } or a Policy from definePolicy/loadPolicy");
  }
  const claims = new IdClaims();
  for (const section of SECTIONS) {
    const entries = base[section];
    if (entries !== undefined && !Array.isArray(entries))
      mergeError(`withPresets: the policy's ${section} must be a list`);
    (entries ?? []).forEach((entry, index) => {
      claims.policy((entry as { id?: unknown } | undefined)?.id, `the policy's ${section}[${index}]`);
    });
  }
  const merged: PolicyDefinition = { ...base, rules: [...base.rules] };
  const seen = new Set<string>();
  presets.forEach((given, position) => {
    const preset = checkedPreset(given, position);
    if (seen.has(preset.id)) mergeError(`withPresets: preset "${preset.id}" is given twice; list each preset once`);
    seen.add(preset.id);
    for (const section of SECTIONS) {
      const entries = copied(preset, section);
      entries.forEach((entry, index) => {
        const where = `preset "${preset.id}"'s ${section}[${index}]`;
        const { id, effect } = (entry ?? {}) as { id?: unknown; effect?: unknown };
        claims.preset(preset.id, id, where);
        // A preset from a package must not widen what the policy grants while it claims to restrict it.
        if (section === "rules" && effect !== "deny") {
          mergeError(
            `Cannot merge preset "${preset.id}": ${where} (${JSON.stringify(id)}) is an allow rule; a preset may only restrict, so grant in your own policy`,
          );
        }
      });
      if (section === "monitors") checkMonitorApprovers(preset.id, entries, base);
      // The sections differ only in their entries' shape, which definePolicy checks.
      const sections = merged as Record<Section, unknown[] | undefined>;
      if (entries.length > 0) sections[section] = [...(sections[section] ?? []), ...entries];
    }
  });
  return merged;
}
