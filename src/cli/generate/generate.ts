import { ToolgateError } from "../../errors.js";
import { canonicalJson } from "../../internal/canonical.js";
import { loadPolicy } from "../../policy/define.js";
import type { PolicyDefinition } from "../../policy/types.js";
import { passTrail, type TrailOptions } from "../trail/pass.js";
import type { StreamAuditReport } from "../verify/stream-verifier.js";
import { buildRules, type GeneratedRule, type NotGranted, policyDefinition } from "./build.js";
import { GrantCollector } from "./collect.js";
import { trailHeader } from "./header.js";
import { renderPolicy } from "./render.js";

/**
 * Options of {@link generatePolicy}: how to read the trail, and `minCalls`, the fewest calls of a tool by an agent
 * that earn a grant (default 1): rarer ones are reported in `notGranted`, not granted.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const options: GeneratePolicyOptions = { minCalls: 3, publicKey: readFileSync("audit.pub", "utf8") };
 * ```
 */
export interface GeneratePolicyOptions extends TrailOptions {
  minCalls?: number;
}

/**
 * A policy generated from a trail: the policy data, the same as YAML with a comment on each rule saying what it was
 * derived from, each rule's sources, what was not granted and why, and the trail's verification.
 *
 * @example
 * ```ts
 * import { writeFileSync } from "node:fs";
 * const generated: GeneratedPolicy = await generatePolicy(["audit.jsonl"]);
 * writeFileSync("policy.yaml", generated.yaml);
 * ```
 */
export interface GeneratedPolicy {
  readonly policy: PolicyDefinition;
  readonly yaml: string;
  readonly rules: readonly GeneratedRule[];
  readonly notGranted: readonly NotGranted[];
  /** Calls the trail shows refused, by agent and tool, with their codes: never granted. */
  readonly refused: readonly {
    readonly agent: string;
    readonly tool: string;
    readonly calls: number;
    readonly codes: Readonly<Record<string, number>>;
  }[];
  /** Calls that ran (`begin` entries, less those refused after them), and call entries too malformed to use. */
  readonly calls: { readonly ran: number; readonly unusable: number };
  readonly files: readonly string[];
  readonly bytes: number;
  readonly verification: StreamAuditReport;
}

function minimum(value: number | undefined): number {
  if (value === undefined) return 1;
  if (Number.isSafeInteger(value) && value >= 1) return value;
  throw new ToolgateError({
    code: "INVALID_ARGUMENT",
    message: `minCalls must be a positive whole number, got ${value}`,
  });
}

/**
 * The least-privilege policy that would have allowed exactly what a trail shows ran: per agent (a delegate's calls
 * count for its root agent, whose grant it acts within), the tools it used and, where the gate captured arguments,
 * the tightest conditions their values allow — numeric ranges, short lists of strings, `within` the directories of
 * paths. Risk-based approvals are kept (never waived), and a tool that needed approval under a rule keeps it.
 * Refused calls are never granted, a call refused after its begin (aborted, say) among them. The trail is read
 * streaming and verified in the same pass (check `verification.ok` before trusting what it derived). The YAML loads
 * with `loadPolicy` to `policy`.
 *
 * @example
 * ```ts
 * import { writeFileSync } from "node:fs";
 * const generated = await generatePolicy(auditFilePaths("audit.jsonl"), { minCalls: 2 });
 * if (!generated.verification.ok) throw new Error("the trail does not verify");
 * writeFileSync("policy.yaml", generated.yaml);
 * ```
 */
export async function generatePolicy(
  files: readonly string[],
  options: GeneratePolicyOptions = {},
): Promise<GeneratedPolicy> {
  const minCalls = minimum(options.minCalls);
  const collector = new GrantCollector();
  const { bytes, verification } = await passTrail(files, options, (entries) => collector.add(entries));
  collector.finish();
  const { groups, unnamed } = collector.groups();
  const built = buildRules(groups, minCalls);
  const notGranted = [...unnamed, ...built.notGranted];
  const policy = policyDefinition(built.rules, built.riskApprovers);
  const refused = [...collector.refused.values()].map(({ codes, ...rest }) => ({
    ...rest,
    codes: Object.fromEntries(codes),
  }));
  const header = trailHeader({ files, bytes, verification, groups, ran: collector.ran });
  const refusedLines = refused.map(
    ({ agent, tool, calls, codes }) =>
      `${agent} → ${tool}: ${calls} (${Object.entries(codes)
        .map(([code, n]) => `${code} ×${n}`)
        .join(", ")})`,
  );
  const yaml = renderPolicy(policy, built.rules, { header, notGranted, refused: refusedLines });
  // The text must say exactly what the data says: nothing from the trail may have turned into policy text.
  const loaded = await loadPolicy(yaml, "generated policy");
  if (canonicalJson(loaded.definition) !== canonicalJson(policy)) {
    throw new ToolgateError({
      code: "INVALID_POLICY",
      message: "the generated YAML does not load as the generated policy (please report this)",
    });
  }
  return {
    policy,
    yaml,
    rules: built.rules,
    notGranted,
    refused,
    calls: { ran: collector.ran, unusable: collector.unusable },
    files: [...files],
    bytes,
    verification,
  };
}
