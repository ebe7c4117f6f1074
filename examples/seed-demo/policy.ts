// The policy the demo enforces: one broad grant both agents share (what an unmanaged agent identity often has),
// the three presets, which make the difference between the chain and honest work, and the sane monitors, whose
// burst monitor pulls the kill switch.
import { definePolicy, type PolicyDefinition, presets, withPresets } from "toolgate";
import { Document, visit } from "yaml";

export const definition: PolicyDefinition = withPresets(
  {
    rules: [
      {
        id: "team-tools",
        description: "support and ops hold the same broad grant",
        agents: ["support-bot", "ops-bot"],
        tools: ["email.*", "files.*", "deploy.*", "logs.*"],
        effect: "allow",
      },
    ],
    approval: { approvers: ["security"], timeout: "2m" },
  },
  presets.seedChain,
  presets.trifecta,
  presets.auditTrail,
  presets.saneMonitors,
);

export const policy = definePolicy(definition);

/** The policy as YAML, one entry a line; a list written twice is written once and referred to (`*a1`). */
export function policyYaml(data: PolicyDefinition): string {
  const lists = new Map<string, unknown[]>();
  const shared = structuredClone(data);
  const share = (list: unknown[]) => {
    const key = JSON.stringify(list);
    if (!lists.has(key)) lists.set(key, list);
    return lists.get(key) ?? list;
  };
  for (const rule of shared.rules) rule.tools = share(rule.tools) as string[];
  for (const flow of shared.flows ?? []) if (flow.then.tools) flow.then.tools = share(flow.then.tools) as string[];
  const document = new Document(shared, { aliasDuplicateObjects: true });
  visit(document, {
    Collection(_, node, path) {
      if (path.length >= 4) node.flow = true;
    },
  });
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}
