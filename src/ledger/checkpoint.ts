import { type KeyObject, sign, verify } from "node:crypto";
import { canonicalEntry } from "./canonical.js";
import type { CheckpointEntry } from "./kinds.js";

/** @internal The Ed25519 signature (base64url) of a checkpoint entry that has no `hash` nor `signature` yet. */
export function signCheckpoint(unsigned: Record<string, unknown>, key: KeyObject): string {
  return sign(null, Buffer.from(canonicalEntry(unsigned)), key).toString("base64url");
}

/** @internal True when the checkpoint's signature is the key's over the entry without `hash` and `signature`. */
export function checkpointSigned(entry: CheckpointEntry, key: KeyObject): boolean {
  if (typeof entry.signature !== "string") return false;
  try {
    const text = canonicalEntry({ ...entry, signature: undefined });
    return verify(null, Buffer.from(text), key, Buffer.from(entry.signature, "base64url"));
  } catch {
    return false;
  }
}
