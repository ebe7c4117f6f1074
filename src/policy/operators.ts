import { caseless, loose } from "./loose.js";
import { compileMatcher } from "./matches.js";
import type { Reading } from "./readings.js";
import type { Condition, Primitive } from "./types.js";
import { insideAny, isWithin, normalizeBase, PATH_FOLDS } from "./within.js";

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const isPrimitive = (v: unknown): v is Primitive =>
  v === null || typeof v === "string" || typeof v === "boolean" || isNumber(v);
const onNumber =
  (test: (n: number) => boolean): Reading =>
  (v) =>
    isNumber(v) ? test(v) : undefined;
const onString =
  (test: (s: string) => boolean | undefined): Reading =>
  (v) =>
    typeof v === "string" ? test(v) : undefined;
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Every way a tool might read a primitive: a string folded, and the number or boolean it spells (a tool that
 * coerces reads `"01"` as 1 and `"true"` as true); a number or boolean as itself and as the text it prints.
 */
function looseForms(value: Primitive): Primitive[] {
  if (typeof value !== "string") return [value, String(value)];
  const folded = loose(value);
  const forms: Primitive[] = [folded];
  if (NUMERIC.test(folded)) forms.push(Number(folded));
  if (folded === "true" || folded === "false") forms.push(folded === "true");
  if (folded === "null") forms.push(null);
  return forms;
}

// A value equal as written is equal loosely: a grant of `eq`/`in` and a restriction of `ne`/`notIn` that hold
// (or fail) as written cannot be changed by the loose reading, which is then not computed.
const looseCanDiffer = (negated: boolean, restricting: boolean) => negated !== restricting;

function membership(operands: readonly Primitive[], negated: boolean, restricting: boolean): Reading[] {
  const strictSet = new Set(operands);
  const strict: Reading = (v) => (isPrimitive(v) ? strictSet.has(v) !== negated : undefined);
  if (!looseCanDiffer(negated, restricting)) return [strict];
  const looseSet = new Set(operands.flatMap(looseForms));
  const loosely: Reading = (v) =>
    isPrimitive(v) ? looseForms(v).some((form) => looseSet.has(form)) !== negated : undefined;
  return [strict, loosely];
}

function within(operand: string | string[], realpath: boolean, restricting: boolean): Reading[] {
  const written = Array.isArray(operand) ? operand : [operand];
  const bases = written.map(normalizeBase);
  const readings = [
    onString((s) => isWithin(bases, s)),
    ...PATH_FOLDS.map(({ read, alike }) => {
      const folded = bases.map((base) => normalizeBase(read(base)));
      if (alike === undefined || !written.every(alike)) return onString((s) => isWithin(folded, s, read));
      // On a value it reads alike it decides as another reading does: it leaves the outcome to them (a grant
      // reads on past true, a restriction past false).
      return onString((s) => (alike(s) ? !restricting : isWithin(folded, s, read)));
    }),
  ];
  if (!realpath) return readings;
  // The path with links followed is a reading of its own: a granting rule needs it inside as well, and it is
  // undecided when the path could not be looked up, or was not (`prepare` did not run).
  const followed =
    (targets: readonly string[], fold: (path: string) => string): Reading =>
    (v, prepared) => {
      const path = typeof v === "string" ? prepared?.realpaths.get(v) : undefined;
      return path === undefined ? undefined : insideAny(targets, fold(path));
    };
  const looseBases = bases.map((base) => normalizeBase(loose(base)));
  return [...readings, followed(bases, (path) => path), followed(looseBases, loose)];
}

/** The readings of one operator of a `when` condition (`realpath` modifies `within`), for a deny rule or an allow. */
export function operatorReadings(
  operator: Exclude<keyof Condition, "realpath">,
  condition: Condition,
  restricting: boolean,
): Reading[] {
  const operand = condition[operator];
  switch (operator) {
    case "eq":
    case "ne":
      return membership([operand as Primitive], operator === "ne", restricting);
    case "in":
    case "notIn":
      return membership(operand as Primitive[], operator === "notIn", restricting);
    case "lt":
      return [onNumber((n) => n < (operand as number))];
    case "lte":
      return [onNumber((n) => n <= (operand as number))];
    case "gt":
      return [onNumber((n) => n > (operand as number))];
    case "gte":
      return [onNumber((n) => n >= (operand as number))];
    case "matches": {
      const strict = compileMatcher(operand as string, false);
      const folded = compileMatcher(operand as string, true);
      const fold = restricting ? loose : caseless;
      return [onString(strict), onString((s) => folded(fold(s)))];
    }
    case "startsWith": {
      const prefix = operand as string;
      const looseprefix = loose(prefix);
      return [onString((s) => s.startsWith(prefix)), onString((s) => loose(s).startsWith(looseprefix))];
    }
    case "within":
      return within(operand as string | string[], condition.realpath === true, restricting);
  }
}
