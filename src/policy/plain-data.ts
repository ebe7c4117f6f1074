import { loose } from "./loose.js";
import { nameProblem, quoted } from "./names.js";

/** Deeper than any policy needs (a quorum inside a step inside a rule is 7 levels), far below a stack overflow. */
export const MAX_POLICY_DEPTH = 32;
/** Values in one policy (a 100,000-rule policy has about 1.5 million). */
export const MAX_POLICY_VALUES = 5_000_000;

type Container = Record<string, unknown> | unknown[];
interface Pending {
  readonly value: unknown;
  readonly into: Container;
  readonly key: string | number;
  readonly path: string;
  readonly depth: number;
}

const at = (path: string, key: string | number): string => {
  if (typeof key === "number") return `${path}[${key}]`;
  if (nameProblem(key)) return `${path}[${quoted(key)}]`;
  return path ? `${path}.${key}` : key;
};
const kind = (value: object) => (value as { constructor?: { name?: string } }).constructor?.name ?? "an object";

// Keys of one object that read alike loosely (`amount`, `Amount`, `amount\u00a0`): which one a reader means is
// unclear, and a loader that trims would merge them.
function keyProblems(keys: readonly string[], path: string, problems: string[]): void {
  const seen = new Map<string, string>();
  for (const key of keys) {
    if (key === "__proto__") problems.push(`${at(path, key)}: the key "__proto__" is not allowed`);
    const problem = nameProblem(key);
    if (problem) problems.push(`${at(path, key)}: the key ${problem}`);
    const first = seen.get(loose(key));
    if (first === undefined) seen.set(loose(key), key);
    else problems.push(`${at(path, key)}: the key reads like ${quoted(first)} beside it: keep one, spelled plainly`);
  }
}

/** The entries of one object or array, read once (getters and proxy traps run here, and only here). */
function entries(value: object, path: string, problems: string[]): [Container, [string | number, unknown][]] {
  if (Array.isArray(value)) return [[], Array.from({ length: value.length }, (_, i) => [i, value[i]])];
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    problems.push(`${path || "(policy)"}: expected plain data (JSON values), got ${kind(value)}`);
    return [{}, []];
  }
  const keys = Object.keys(value);
  keyProblems(keys, path, problems);
  const record = value as Record<string, unknown>;
  return [{}, keys.filter((key) => key !== "__proto__").map((key) => [key, record[key]])];
}

const arrayTooLong = (value: object, left: number) => Array.isArray(value) && value.length > left;
const message = (thrown: unknown): string => {
  try {
    return thrown instanceof Error ? thrown.message : String(thrown);
  } catch {
    return "(an error that cannot be shown)";
  }
};

/**
 * A plain-data copy of policy data, taken before anything validates it, with every problem found on the way:
 * values that are not JSON data, keys that cannot be read one way (see `nameProblem`) or that read alike,
 * nesting deeper than {@link MAX_POLICY_DEPTH} (a cycle included), more than {@link MAX_POLICY_VALUES} values.
 * It walks with its own stack, so no input can overflow the call stack.
 */
export function plainPolicyData(data: unknown): { data: unknown; problems: string[] } {
  const problems: string[] = [];
  const root: unknown[] = [];
  const stack: Pending[] = [{ value: data, into: root, key: 0, path: "", depth: 0 }];
  let left = MAX_POLICY_VALUES;
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value, into, key, path, depth } = next;
    const where = path || "(policy)";
    const type = typeof value;
    if (type === "function" || type === "symbol" || type === "bigint") {
      problems.push(`${where}: expected plain data (JSON values), got a ${type}`);
    } else if (value === null || type !== "object") {
      (into as Record<string | number, unknown>)[key] = value;
    } else if (depth >= MAX_POLICY_DEPTH) {
      problems.push(`${where}: nested more than ${MAX_POLICY_DEPTH} levels deep (or contains itself)`);
    } else {
      if (arrayTooLong(value as object, left)) left = -1;
      let found: ReturnType<typeof entries> = [{}, []];
      try {
        if (left >= 0) found = entries(value as object, path, problems);
      } catch (error) {
        problems.push(`${where}: cannot be read: ${message(error)}`);
      }
      const [copy, items] = found;
      left -= items.length;
      if (left < 0)
        return { data: undefined, problems: [`(policy): more than ${MAX_POLICY_VALUES} values; split the policy`] };
      (into as Record<string | number, unknown>)[key] = copy;
      for (let i = items.length - 1; i >= 0; i--) {
        const [childKey, child] = items[i] as [string | number, unknown];
        stack.push({ value: child, into: copy, key: childKey, path: at(path, childKey), depth: depth + 1 });
      }
    }
  }
  return { data: root[0], problems };
}
