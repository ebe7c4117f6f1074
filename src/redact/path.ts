const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;
const MAX_SEGMENT = 64;

/** `$`, `$.a[0]`, `$["x-api-key"]`: keys as the redacted copy shows them, long ones clipped. */
export function formatPath(segments: readonly (string | number)[]): string {
  let path = "$";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment.length > MAX_SEGMENT ? `${segment.slice(0, MAX_SEGMENT)}…` : segment)}]`;
  }
  return path;
}

/**
 * A key for `copy` that no entry has yet. Two keys can come out the same (two tokens both shown as
 * `[REDACTED:github-token]`): the second becomes `…#2`; `counters` (made on the first clash) keeps this linear.
 */
export function freeKey(copy: Record<string, unknown>, key: string, counters: Map<string, number>): string {
  if (!Object.hasOwn(copy, key)) return key;
  let n = counters.get(key) ?? 2;
  while (Object.hasOwn(copy, `${key}#${n}`)) n++;
  counters.set(key, n + 1);
  return `${key}#${n}`;
}
