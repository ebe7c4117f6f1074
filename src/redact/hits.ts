import { redactionMarker } from "./marker.js";

/** A stretch of a text to hide. A higher `rank` is a surer kind: a token format beats a key name. */
export interface Hit {
  start: number;
  end: number;
  kind: string;
  rank: number;
  warning?: string;
}

/** Ranks: a value's own format, a credential shape (`Bearer …`, `user:pass@`), a secret-looking key name. */
export const RANK = { format: 3, credential: 2, keyName: 1, cut: 4 } as const;

/**
 * One way of finding secrets in a text. `find` must run in time linear in `text.length` whatever the text,
 * and append its hits; `minLength` is the shortest text it can match, so shorter ones skip it. `patterns`
 * lists every regular expression it runs, for the test that holds them to bounded, unnested quantifiers. A family
 * that finds only outside ASCII says so in `outsideAscii`: a text with nothing for the decoded view to read (plain
 * ASCII, the common case) skips it without a pass of its own.
 */
export interface Family {
  readonly name: string;
  readonly minLength: number;
  readonly outsideAscii?: boolean;
  readonly patterns: readonly RegExp[];
  find(text: string, hits: Hit[]): void;
}

/** Sorts hits and unites overlapping ones (failing closed: the union is hidden), keeping the surest kind. */
export function mergeHits(hits: Hit[]): Hit[] {
  if (hits.length < 2) return hits;
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Hit[] = [];
  for (const hit of hits) {
    const last = merged[merged.length - 1];
    if (last === undefined || hit.start >= last.end) {
      merged.push({ ...hit });
      continue;
    }
    last.end = Math.max(last.end, hit.end);
    if (hit.rank > last.rank) {
      last.kind = hit.kind;
      last.rank = hit.rank;
    }
    last.warning ??= hit.warning;
  }
  return merged;
}

/** The text with each hit replaced by its marker. */
export function applyHits(text: string, hits: readonly Hit[]): string {
  let out = "";
  let at = 0;
  for (const hit of hits) {
    out += text.slice(at, hit.start) + redactionMarker(hit.kind);
    at = hit.end;
  }
  return out + text.slice(at);
}
