// Values this module has frozen all the way down (only the roots it was given: a large tree adds one entry).
const deepFrozen = new WeakSet<object>();

const isObject = (value: unknown): value is object => typeof value === "object" && value !== null;

/**
 * Freezes a value and everything reachable from it through its own data properties (symbol-keyed and
 * non-enumerable ones too, never calling a getter); returns the value. An already-frozen object is walked like
 * any other: a shallow `Object.freeze` elsewhere must not leave its nested values mutable. Cycles and shared
 * values are visited once.
 */
export function deepFreeze<T>(value: T): T {
  if (!isObject(value) || deepFrozen.has(value)) return value;
  const seen = new Set<object>([value]);
  const pending: object[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    Object.freeze(next);
    for (const key of Reflect.ownKeys(next)) {
      const child: unknown = Object.getOwnPropertyDescriptor(next, key)?.value;
      if (isObject(child) && !seen.has(child) && !deepFrozen.has(child)) {
        seen.add(child);
        pending.push(child);
      }
    }
  }
  deepFrozen.add(value);
  return value;
}
