import type { Hit } from "./hits.js";
import { secretKeyKind } from "./keys.js";
import { scanText } from "./scan.js";

/** What a key name reads as: the secrets in the name itself, and the kind of secret it announces for its value. */
export interface KeyReading {
  readonly hits: readonly Hit[];
  readonly kind: string | undefined;
}

const MAX_LENGTH = 64;
const MAX_KEYS = 1024;
const NOTHING: readonly Hit[] = Object.freeze([]);
const clean = new Map<string, KeyReading>();

/**
 * Reads a key name. Keys repeat from call to call (a tool's schema names them), so a short one with nothing in it
 * to hide is remembered, at most 1,024 of them (forgotten all at once past that). Reading is deterministic, so a
 * remembered answer is the answer; a key that hides something is read afresh every time, so no secret is kept.
 */
export function readKey(key: string): KeyReading {
  const known = clean.get(key);
  if (known !== undefined) return known;
  const hits = scanText(key);
  const kind = secretKeyKind(key);
  if (hits.length > 0 || key.length > MAX_LENGTH) return { hits, kind };
  if (clean.size >= MAX_KEYS) clean.clear();
  const reading = Object.freeze({ hits: NOTHING, kind });
  clean.set(key, reading);
  return reading;
}
