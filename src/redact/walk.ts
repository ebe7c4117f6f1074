import type { KnownSecret } from "./echoes.js";
import { isCardNumber } from "./formats/cards.js";
import { applyHits, type Hit, RANK } from "./hits.js";
import { readKey } from "./key-reading.js";
import { redactionMarker } from "./marker.js";
import { formatPath, freeKey } from "./path.js";
import { MAX_SCAN, scanText } from "./scan.js";
import type { HiddenValue } from "./types.js";

const MAX_DEPTH = 16;
/** Values visited and characters scanned per redaction; past either, the rest is hidden as `unscanned`. */
export const MAX_NODES = 100_000;
export const MAX_TOTAL_SCAN = 262_144;
const CYCLE = "[…]";
const utf8 = new TextDecoder();

/** Bytes (a Buffer, a typed array) shown as the text they hold, so a secret in them is found like any other. */
const bytesAsText = (view: ArrayBufferView): string =>
  utf8.decode(new Uint8Array(view.buffer, view.byteOffset, Math.min(view.byteLength, MAX_SCAN + 1)));

/**
 * How a walk makes its output: fresh copies (`copy`); copies frozen as they are made, so the output is frozen all
 * the way down with no second pass (`frozen`); or, for a decided value (frozen plain data, see `freezeCopy`),
 * frozen copies of only what redaction changes, an unchanged frozen object or array being shown as it is
 * (`shared`): nobody can change it, so a copy would show the same.
 *
 * @example
 * ```ts
 * const mode: WalkMode = "shared";
 * ```
 */
export type WalkMode = "copy" | "frozen" | "shared";

/**
 * How a value only its key named a secret was found: in a text the walk scanned (the last of `texts`, whose other
 * mentions of it that scan already hid), or hidden whole under its key.
 */
export type ByKey = "in-text" | "whole" | undefined;

/**
 * One redaction in progress. `onHidden` receives each hidden original, its spot, and whether only a key named it
 * a secret (no format of its own would find it again), in the order of `hidden`.
 */
export class Walk {
  readonly hidden: HiddenValue[] = [];
  private readonly path: (string | number)[] = [];
  // The objects above the current one: at most MAX_DEPTH, so a list searched linearly (no Set per redaction).
  private readonly ancestors: object[] = [];
  private counters: Map<string, number> | undefined;
  private nodes = 0;
  private scanned = 0;

  private readonly frozen: boolean;
  private readonly shared: boolean;

  constructor(
    private readonly onHidden?: (original: unknown, spot: HiddenValue, byKey: ByKey) => void,
    mode: WalkMode = "copy",
    /** Secrets found elsewhere in the value, hidden where a string repeats them (see `knownSecrets`). */
    private readonly known: readonly KnownSecret[] = [],
    /** Collects every string the walk scans, for a caller that looks for repeats in them. */
    private readonly texts?: string[],
  ) {
    this.frozen = mode !== "copy";
    this.shared = mode === "shared";
  }

  visit(value: unknown, depth: number): unknown {
    this.nodes++;
    if (typeof value === "string") return this.text(value);
    if (typeof value === "number") return this.number(value);
    if (typeof value === "bigint") return this.text(String(value));
    // A function is not data; as an own `toJSON` it would even rewrite the copy when it is serialized.
    if (typeof value === "function" || typeof value === "symbol") return undefined;
    if (typeof value !== "object" || value === null) return value;
    if (ArrayBuffer.isView(value)) return this.text(bytesAsText(value));
    if (this.ancestors.includes(value)) return CYCLE;
    if (depth >= MAX_DEPTH) return this.hide("too-deep", value);
    this.ancestors.push(value);
    try {
      return Array.isArray(value) ? this.array(value, depth) : this.object(value as Record<string, unknown>, depth);
    } finally {
      this.ancestors.pop();
    }
  }

  private get exhausted(): boolean {
    return this.nodes > MAX_NODES || this.scanned > MAX_TOTAL_SCAN;
  }

  private hide(
    kind: string,
    original: unknown,
    extra?: { inKey?: true; warning?: string | undefined; byKey?: ByKey },
  ): string {
    const spot: { path: string; kind: string; inKey?: true; warning?: string } = { path: formatPath(this.path), kind };
    if (extra?.inKey) spot.inKey = true;
    if (extra?.warning) spot.warning = extra.warning;
    const kept = this.frozen ? Object.freeze(spot) : spot;
    this.hidden.push(kept);
    this.onHidden?.(original, kept, extra?.byKey);
    return redactionMarker(kind);
  }

  private scan(text: string): Hit[] {
    this.scanned += Math.min(text.length, MAX_SCAN);
    return scanText(text, this.known);
  }

  private text(value: string): string {
    this.texts?.push(value);
    const hits = this.scan(value);
    if (hits.length === 0) return value;
    for (const hit of hits)
      this.hide(hit.kind, value.slice(hit.start, hit.end), {
        warning: hit.warning,
        byKey: hit.rank === RANK.keyName ? "in-text" : undefined,
      });
    return applyHits(value, hits);
  }

  // A card number can arrive as a JSON number; nothing else numeric is a secret without its key.
  private number(value: number): unknown {
    if (!Number.isInteger(value) || value < 1e12 || value >= 1e19) return value;
    return isCardNumber(String(value)) ? this.hide("card-number", value) : value;
  }

  /** Whether `value` may be shown as it is when nothing in it changes: a shared walk, and nobody can change it. */
  private mayShare(value: object): boolean {
    return this.shared && Object.isFrozen(value);
  }

  // In a shared walk the copy is made at the first item that changes, from the unchanged items before it.
  private array(value: readonly unknown[], depth: number): readonly unknown[] {
    let copy: unknown[] | undefined = this.mayShare(value) ? undefined : [];
    for (let index = 0; index < value.length; index++) {
      this.path.push(index);
      const exhausted = this.exhausted;
      const item = value[index];
      const shown = exhausted ? this.hide("unscanned", value.slice(index)) : this.visit(item, depth + 1);
      if (copy === undefined && shown !== item) copy = value.slice(0, index);
      copy?.push(shown);
      this.path.pop();
      if (exhausted) break;
    }
    if (copy === undefined) return value;
    return this.frozen ? Object.freeze(copy) : copy;
  }

  // A null-prototype copy: a "__proto__" key in the input stays plain data.
  private object(value: Record<string, unknown>, depth: number): Record<string, unknown> {
    const keys = Object.keys(value);
    let copy: Record<string, unknown> | undefined = this.mayShare(value) ? undefined : Object.create(null);
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as string;
      if (this.exhausted) {
        copy ??= copyUpTo(value, keys, index);
        const rest = Object.fromEntries(keys.slice(index).map((name) => [name, value[name]]));
        const shown = this.freeKey(copy, redactionMarker("unscanned"));
        this.path.push(shown);
        copy[shown] = this.hide("unscanned", rest);
        this.path.pop();
        break;
      }
      this.scanned += Math.min(key.length, MAX_SCAN);
      const { hits: keyHits, kind: keyKind } = readKey(key);
      if (keyHits.length > 0) copy ??= copyUpTo(value, keys, index);
      // Without a copy every key so far is shown as it is, and keys are distinct: this one cannot clash.
      const shown = copy === undefined ? key : this.freeKey(copy, keyHits.length === 0 ? key : applyHits(key, keyHits));
      this.path.push(shown);
      for (const hit of keyHits)
        this.hide(hit.kind, key.slice(hit.start, hit.end), { inKey: true, warning: hit.warning });
      const item = value[key];
      const seen = this.entry(keyKind, item, depth);
      if (copy === undefined && seen !== item) copy = copyUpTo(value, keys, index);
      if (copy !== undefined) copy[shown] = seen;
      this.path.pop();
    }
    if (copy === undefined) return value;
    return this.frozen ? Object.freeze(copy) : copy;
  }

  // Counters are made on the first clash: most copies have none.
  private freeKey(copy: Record<string, unknown>, key: string): string {
    if (!Object.hasOwn(copy, key)) return key;
    this.counters ??= new Map();
    return freeKey(copy, key, this.counters);
  }

  /** A value under a secret-looking key is hidden whole, named by its own format when it has one. */
  private entry(keyKind: string | undefined, item: unknown, depth: number): unknown {
    if (keyKind === undefined || item === null || item === undefined || typeof item === "boolean" || item === "") {
      return this.visit(item, depth + 1);
    }
    const format = typeof item === "string" ? this.scan(item).find((hit) => hit.rank >= RANK.format) : undefined;
    return this.hide(format?.kind ?? keyKind, item, { warning: format?.warning, byKey: format ? undefined : "whole" });
  }
}

/** A null-prototype copy of the first `count` entries of a frozen object, each shown as it is. */
function copyUpTo(value: Record<string, unknown>, keys: readonly string[], count: number): Record<string, unknown> {
  const copy: Record<string, unknown> = Object.create(null);
  for (let index = 0; index < count; index++) {
    const key = keys[index] as string;
    copy[key] = value[key];
  }
  return copy;
}
