import { Document, type YAMLMap, type YAMLSeq } from "yaml";
import { printable } from "../../internal/printable.js";
import type { PolicyDefinition } from "../../policy/types.js";
import type { GeneratedRule, NotGranted, RuleSource } from "./build.js";

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

function sourceLines(agent: string, source: RuleSource): string[] {
  const by = source.delegates.length > 0 ? `, through delegates ${source.delegates.join(", ")}` : "";
  const span = source.first === source.last ? source.first : `${source.first} – ${source.last}`;
  const lines = [`${agent} → ${source.tool}: ${plural(source.calls, "call")}, risk ${source.risk}${by} (${span})`];
  for (const field of source.fields) {
    lines.push(
      "condition" in field ? `  ${field.field}: ${field.from}` : `  ${field.field}: no condition (${field.skipped})`,
    );
  }
  for (const note of source.notes) lines.push(`  note: ${note}`);
  return lines;
}

/** What the document says before and after the rules. */
export interface Framing {
  readonly header: readonly string[];
  readonly notGranted: readonly NotGranted[];
  readonly refused: readonly string[];
}

// Comment text comes from the trail (delegate names, times): a line break in it would end the comment and write
// policy text.
const comment = (lines: readonly string[]) => lines.map((line) => ` ${printable(line)}`).join("\n");

/** The policy as YAML, each rule preceded by what it was derived from. */
export function renderPolicy(definition: PolicyDefinition, rules: readonly GeneratedRule[], framing: Framing): string {
  const doc = new Document(definition);
  doc.commentBefore = comment(framing.header);
  const items = (doc.get("rules", true) as YAMLSeq<YAMLMap>).items;
  for (const [index, item] of items.entries()) {
    const rule = rules[index] as GeneratedRule;
    item.commentBefore = comment(rule.derivedFrom.flatMap((source) => sourceLines(rule.agent, source)));
    for (const key of ["agents", "tools"]) (item.get(key, true) as unknown as YAMLSeq).flow = true;
    const when = item.get("when", true) as YAMLMap | undefined;
    for (const pair of when?.items ?? []) (pair.value as YAMLMap).flow = true;
    const approvers = item.getIn(["approval", "approvers"], true) as YAMLSeq | undefined;
    if (approvers) approvers.flow = true;
  }
  const approvers = doc.getIn(["approval", "approvers"], true) as YAMLSeq | undefined;
  if (approvers) approvers.flow = true;
  const footer: string[] = [];
  if (framing.notGranted.length > 0) {
    footer.push("Not granted:");
    for (const item of framing.notGranted)
      footer.push(`  ${item.agent} → ${item.tool} (${plural(item.calls, "call")}): ${item.reason}`);
  }
  if (framing.refused.length > 0)
    footer.push("Refused in the trail (these calls grant nothing):", ...framing.refused.map((line) => `  ${line}`));
  if (footer.length > 0) doc.comment = comment(footer);
  return doc.toString({ lineWidth: 0 });
}
