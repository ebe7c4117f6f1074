import { loose } from "./loose.js";
import { nameProblem, quoted } from "./names.js";

/** Deeper than any policy needs (a quorum inside a step inside a rule is 7 levels), far below a stack overflow. */
export const MAX_POLICY_DEPTH = 32;
/** Values in one policy (a 100,000-rule policy has about 1.1 million). */
export const MAX_POLICY_VALUES = 2_000_000;

type Container = Record<string, unknown> | unknown[];
interface Pending {
  readonly value: unknown;
  readonly into: Container;
  readonly key: string | number;
  readonly parent: Pending | undefined;
  readonly depth: number;
}

const at = (path: string, key: string | number): string => {
  if (typeof key === "number") return `${path}[${key}]`;
  if (nameProblem(key)) return `${path}[${quoted(key)}]`;
  return path ? `${path}.${key}` : key;
};
// Paths are spelled out only for a problem: most values never need one.
function pathOf(pending: Pending | undefined): string {
  const keys: (string | number)[] = [];
  for (let node = pending; node?.parent; node = node.parent) keys.push(node.key);
  return keys.reverse().reduce<string>(at, "");
}
const where = (pending: Pending) => pathOf(pending) || "(policy)";
const kind = (value: object) => (value as { constructor?: { name?: string } }).constructor?.name ?? "an object";
const message = (thrown: unknown): string => {
  try {
    return thrown instanceof Error ? thrown.message : String(thrown);
  } catch {
    return "(an error that cannot be shown)";
  }
};

// The same few keys (`id`, `tools`, `when`…) recur in every rule: each is checked once.
const checkedKeys = new Map<string, { problem: string | undefined; folded: string }>();
function checkKey(key: string) {
  let checked = checkedKeys.get(key);
  if (!checked) {
    checked = { problem: key === "__proto__" ? '"__proto__" is not allowed' : nameProblem(key), folded: loose(key) };
    if (checkedKeys.size < 10_000) checkedKeys.set(key, checked);
  }
  return checked;
}

// Keys of one object that read alike loosely (`amount`, `Amount`, `amount\u00a0`): which one a reader means is
// unclear, and a loader that trims would merge them.
function keyProblems(keys: readonly string[], parent: Pending, problems: string[]): void {
  const seen = new Map<string, string>();
  for (const key of keys) {
    const { problem, folded } = checkKey(key);
    const path = () => at(pathOf(parent), key);
    if (problem) problems.push(`${path()}: the key ${problem}`);
    const first = seen.get(folded);
    if (first === undefined) seen.set(folded, key);
    else problems.push(`${path()}: the key reads like ${quoted(first)} beside it: keep one, spelled plainly`);
  }
}

/** Reads an object's or array's entries once (getters and proxy traps run here, and only here) onto the stack. */
function expand(node: Pending, stack: Pending[], problems: string[]): Container | undefined {
  const value = node.value as object;
  const depth = node.depth + 1;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    for (let i = value.length - 1; i >= 0; i--)
      stack.push({ value: value[i], into: copy, key: i, parent: node, depth });
    return copy;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    problems.push(`${where(node)}: expected plain data (JSON values), got ${kind(value)}`);
    return undefined;
  }
  const keys = Object.keys(value);
  keyProblems(keys, node, problems);
  const copy: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i] as string;
    if (key !== "__proto__") stack.push({ value: record[key], into: copy, key, parent: node, depth });
  }
  return copy;
}

/**
 * A plain-data copy of policy data, taken before anything validates it, with every problem found on the way:
 * values that are not JSON data, keys that cannot be read one way (see `nameProblem`) or that read alike,
 * nesting deeper than {@link MAX_POLICY_DEPTH} (a cycle included), more than {@link MAX_POLICY_VALUES} values.
 * It walks with its own stack, so no input can overflow the call stack.
 */
export function plainPolicyData(data: unknown): { data: unknown; problems: string[] } {
  const problems: string[] = [];
  const root: unknown[] = [];
  const stack: Pending[] = [{ value: data, into: root, key: 0, parent: undefined, depth: 0 }];
  for (let next = stack.pop(), values = 0; next; next = stack.pop(), values++) {
    if (values > MAX_POLICY_VALUES) {
      return { data: undefined, problems: [`(policy): more than ${MAX_POLICY_VALUES} values; split the policy`] };
    }
    const { value, into, key, depth } = next;
    const type = typeof value;
    if (type === "function" || type === "symbol" || type === "bigint") {
      problems.push(`${where(next)}: expected plain data (JSON values), got a ${type}`);
    } else if (value === null || type !== "object") {
      (into as Record<string | number, unknown>)[key] = value;
    } else if (depth >= MAX_POLICY_DEPTH) {
      problems.push(`${where(next)}: nested more than ${MAX_POLICY_DEPTH} levels deep (or contains itself)`);
    } else if (Array.isArray(value) && value.length > MAX_POLICY_VALUES) {
      return { data: undefined, problems: [`${where(next)}: more than ${MAX_POLICY_VALUES} values; split the policy`] };
    } else {
      try {
        const copy = expand(next, stack, problems);
        if (copy) (into as Record<string | number, unknown>)[key] = copy;
      } catch (error) {
        problems.push(`${where(next)}: cannot be read: ${message(error)}`);
      }
    }
  }
  return { data: root[0], problems };
}
