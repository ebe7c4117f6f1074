// Generates dist/policy.schema.json, the JSON Schema of policy files, from the zod schema the loader uses
// (z.toJSONSchema), for editors (yaml-language-server) and other tools. Run by `npm run build`.
//
// z.toJSONSchema turns types and shapes into JSON Schema but drops refinements; the ones JSON Schema can say
// are added below, found by the shape of the object they belong to, so the file keeps up with the zod schema.
// What it cannot say is listed in NOT_EXPRESSED, and the loader still checks it.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { MAX_FLOW_LEGS, policySchema } from "../src/policy/schema.js";

type JsonSchema = Record<string, unknown>;

/** Checks the loader makes that the JSON Schema cannot express (documented in the README). */
export const NOT_EXPRESSED = [
  "ids unique across rules, limits, flows and monitors",
  "a `matches` pattern that compiles",
  "quorum n at most the number of approvers in `of`",
  "approval timeouts of at most 24h",
  "an approver named once per list",
  "approvers for a require_approval monitor (its own or the policy's)",
] as const;

// Mirrors the loader: decisions toolgate makes itself carry these rule names.
const RESERVED_IDS = [
  ...["default-deny", "suspended", "delegation", "invalid-input", "policy-error", "aborted", "pipeline", "none"],
  ...["unidentified-agent", "shadow-mode"],
];
const DURATION = {
  description: 'A positive duration: milliseconds, or text such as "500ms", "30s", "5m", "1h", "1d".',
  anyOf: [
    { type: "number", exclusiveMinimum: 0, maximum: Number.MAX_VALUE },
    { type: "string", pattern: "^(?!0+(\\.0+)?(ms|s|m|h|d)$)\\d+(\\.\\d+)?(ms|s|m|h|d)$" },
  ],
};

// The policy schema's one custom type is its duration; a new one must be taught here, not shipped as "anything".
function isDuration(schema: z.core.$ZodType): boolean {
  const accepts = (value: unknown) => z.safeParse(schema, value).success;
  return accepts("30s") && accepts(500) && !accepts("soon") && !accepts(0) && !accepts("0s");
}

const hasKeys = (schema: JsonSchema, keys: readonly string[]) => {
  const properties = schema.properties as JsonSchema | undefined;
  return properties !== undefined && keys.every((key) => key in properties);
};

// Each refinement JSON Schema can express, keyed by the shape it applies to.
function refine(schema: JsonSchema): void {
  if (schema.type === "string" && schema.minLength === 1 && schema.pattern === undefined) schema.pattern = "\\S";
  // zod's name for startsWith; the pattern beside it says the same in standard JSON Schema.
  if (schema.format === "starts_with" && schema.pattern !== undefined) delete schema.format;
  if (hasKeys(schema, ["eq", "ne", "in", "matches", "within"])) schema.minProperties = 1;
  if (hasKeys(schema, ["approvers", "steps", "quorum"])) {
    const pairs = [
      ["approvers", "steps"],
      ["approvers", "quorum"],
      ["steps", "quorum"],
    ];
    schema.not = { anyOf: pairs.map((required) => ({ required })) };
  }
  if (hasKeys(schema, ["tools", "tags"]) && Object.keys(schema.properties as JsonSchema).length === 2) {
    schema.anyOf = [{ required: ["tools"] }, { required: ["tags"] }];
  }
  // A list of selectors is a flow's legs.
  if (schema.type === "array" && hasKeys(schema.items as JsonSchema, ["tools", "tags"]))
    schema.maxItems = MAX_FLOW_LEGS;
  if (hasKeys(schema, ["id", "effect", "when", "approval"])) {
    schema.if = { properties: { effect: { const: "deny" } }, required: ["effect"] };
    schema.then = { properties: { approval: false } };
  }
  if (hasKeys(schema, ["kind", "action", "cooldown"])) refineMonitor(schema);
  if (hasKeys(schema, ["id"])) {
    const properties = schema.properties as JsonSchema;
    properties.id = {
      ...(properties.id as JsonSchema),
      pattern: "^(?!stage:)[^+]*[^+\\s][^+]*$",
      not: { enum: RESERVED_IDS },
    };
  }
  if (schema.propertyNames && schema.additionalProperties) {
    schema.propertyNames = { ...(schema.propertyNames as JsonSchema), not: { const: "__proto__" } };
  }
}

// A monitor: approval and cooldown only with require_approval; first-use and sequence learn or compare.
function refineMonitor(schema: JsonSchema): void {
  const properties = schema.properties as Record<string, JsonSchema>;
  const kind = properties.kind?.const;
  const conditions: JsonSchema[] = [
    {
      if: { properties: { action: { not: { const: "require_approval" } } }, required: ["action"] },
      then: { properties: { approval: false, cooldown: false } },
    },
  ];
  if (kind === "first-use" || kind === "sequence") {
    conditions.push({
      anyOf: [{ required: ["learn"] }, { required: ["baseline"], properties: { baseline: { const: true } } }],
    });
  }
  if (kind === "first-use") {
    conditions.push({
      not: { required: ["of", "baseline"], properties: { of: { const: "tags" }, baseline: { const: true } } },
    });
  }
  schema.allOf = conditions;
}

function walk(value: unknown, visit: (schema: JsonSchema) => void): void {
  if (typeof value !== "object" || value === null) return;
  for (const child of Object.values(value)) walk(child, visit);
  if (!Array.isArray(value)) visit(value as JsonSchema);
}

/** The JSON Schema (draft 2020-12) of a policy file. */
export function policyJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(policySchema, {
    io: "input",
    unrepresentable: "any",
    override(ctx) {
      if (ctx.zodSchema._zod.def.type !== "custom") return;
      if (!isDuration(ctx.zodSchema)) {
        throw new Error(`scripts/policy-schema.ts: a custom type at ${ctx.path.join(".")} is not a duration; add it`);
      }
      Object.assign(ctx.jsonSchema, DURATION);
    },
  }) as JsonSchema;
  walk(schema, refine);
  return {
    $schema: schema.$schema,
    title: "toolgate policy",
    description: `A toolgate policy file (loadPolicyFile). Not expressed here, checked when loading: ${NOT_EXPRESSED.join("; ")}.`,
    ...schema,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL("../dist/policy.schema.json", import.meta.url));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
  console.log(`wrote ${out}`);
}
