const MAX_REMEMBERED = 10_000;

/**
 * What this process remembers of the calls a framework asked about, by call id, so an answer given here
 * finds its scope without the host repeating it. Bounded: the oldest are forgotten first (an answer for a
 * forgotten call then needs its scope passed explicitly — never a guess).
 */
export function recentCalls<T>(max = MAX_REMEMBERED) {
  const calls = new Map<string, T>();
  return {
    get: (callId: string): T | undefined => calls.get(callId),
    set(callId: string, value: T): void {
      calls.delete(callId);
      calls.set(callId, value);
      if (calls.size > max) calls.delete(calls.keys().next().value as string);
    },
  };
}
