import type { LintFinding } from "../lint.js";
import type { Condition, RuleDefinition } from "../types.js";

const PATH_FIELD =
  /(^|[._-])(path|paths|file|files|filename|dir|directory|folder|cwd|root|dest|destination|src|source|target)$/i;
const looksLikePath = (value: unknown) => typeof value === "string" && /^(\/|\.{1,2}\/|~|[a-z]:[\\/])/i.test(value);

/** Why the operators of one field can never all hold together, if they cannot. */
function contradiction(c: Condition): string | undefined {
  const numeric = [c.lt, c.lte, c.gt, c.gte].some((bound) => bound !== undefined);
  const textual = [c.matches, c.startsWith, c.within].some((operand) => operand !== undefined);
  if (numeric && textual) return "it compares the field both as a number and as a string";
  if (c.eq !== undefined && ((numeric && typeof c.eq !== "number") || (textual && typeof c.eq !== "string"))) {
    return `eq ${JSON.stringify(c.eq)} is not of the type the other operators compare`;
  }
  const low = Math.max(c.gt ?? Number.NEGATIVE_INFINITY, c.gte ?? Number.NEGATIVE_INFINITY);
  const high = Math.min(c.lt ?? Number.POSITIVE_INFINITY, c.lte ?? Number.POSITIVE_INFINITY);
  const open = (c.gt !== undefined && c.gt >= high) || (c.lt !== undefined && c.lt <= low);
  if (numeric && (low > high || open)) return "no number is inside its bounds";
  if (c.eq !== undefined && c.ne !== undefined && c.eq === c.ne) return "eq and ne name the same value";
  if (c.eq !== undefined && c.in && !c.in.includes(c.eq)) return "eq names a value that in does not list";
  if (c.eq !== undefined && c.notIn?.includes(c.eq)) return "eq names a value that notIn excludes";
  if (c.in && c.notIn && c.in.every((value) => c.notIn?.includes(value))) return "notIn excludes every value of in";
  return undefined;
}

function dodgeable(rule: RuleDefinition, field: string, c: Condition): string | undefined {
  const operator = (["startsWith", "eq", "in", "matches"] as const).find((op) => c[op] !== undefined);
  if (!operator || c.within !== undefined) return undefined;
  const operands = [c.startsWith, c.eq, ...(c.in ?? [])];
  if (!PATH_FIELD.test(field) && !operands.some(looksLikePath)) return undefined;
  return rule.effect === "deny"
    ? `${operator} on the path-like field "${field}" is easy to dodge ("/etc/./passwd", "//etc", "/tmp/../etc")`
    : `${operator} on the path-like field "${field}" also grants paths that climb out with ".."`;
}

// An unescaped "." between word characters ("example.com") matches any character: "exampleXcom" too.
// Character classes go first: a "." inside `[...]` is literal.
const LOOSE_DOT = /\w\.\w/;
const CHARACTER_CLASS = /\[(?:\\.|[^\]\\])*\]/g;
const MATCHES_ANYTHING = /^(\.\*|\.\+|\[\\s\\S\]\*|\[\^\]\*)$/;

function regexProblem(rule: RuleDefinition, pattern: string): string | undefined {
  if (rule.effect !== "allow") return undefined;
  if (MATCHES_ANYTHING.test(pattern)) return `matches ${JSON.stringify(pattern)} accepts any string`;
  if (LOOSE_DOT.test(pattern.replace(CHARACTER_CLASS, "[]"))) {
    return `matches ${JSON.stringify(pattern)} has an unescaped "." that matches any character; escape it as \\.`;
  }
  return undefined;
}

/** Conditions that can never hold, deny conditions that are easy to dodge, and `matches` patterns that grant more than they seem to. */
export function lintConditions(rules: readonly RuleDefinition[]): LintFinding[] {
  const findings: LintFinding[] = [];
  rules.forEach((rule, index) => {
    for (const [field, condition] of Object.entries(rule.when ?? {})) {
      const path = `rules[${index}].when.${field}`;
      const why = contradiction(condition);
      if (why) {
        const effect =
          rule.effect === "allow" ? "the rule never applies" : "the rule applies only when the field is missing";
        findings.push({ code: "impossible-condition", severity: "warning", path, message: `${why}, so ${effect}` });
      }
      const dodge = dodgeable(rule, field, condition);
      if (dodge) {
        const suggestion = `use within: ${JSON.stringify(condition.startsWith ?? condition.eq ?? "/base")}, which resolves the path first`;
        findings.push({ code: "dodgeable-condition", severity: "warning", path, message: dodge, suggestion });
      }
      const regex = condition.matches === undefined ? undefined : regexProblem(rule, condition.matches);
      if (regex) findings.push({ code: "loose-pattern", severity: "warning", path: `${path}.matches`, message: regex });
    }
  });
  return findings;
}
