import canonicalize from "canonicalize";
import type { Glob } from "../glob.js";
import type { RuleDefinition } from "../types.js";

const GLOB_CHARS = /[*?[\]{}()!+@\\]/;
const PLAIN = /^[a-z0-9._:@/-]*$/i;
const universal = (glob: Glob) => glob.pattern === "*" || glob.pattern === "**";
const literalOf = (pattern: string) => {
  const first = pattern.search(GLOB_CHARS);
  return first === -1 ? pattern : pattern.slice(0, first);
};

/**
 * True only when every name `inner` matches is sure to match `outer` (false when in doubt, so a lint finding
 * built on it is never wrong). Handles the shapes policies use: `*`, literals, and `prefix*` / `prefix**`.
 */
function globCovers(outer: Glob, inner: Glob): boolean {
  if (universal(outer)) return true;
  if (universal(inner)) return false;
  // A strict (granting) glob never covers a loose one: the loose one also matches other cases and separators.
  if (inner.foldCase && !outer.foldCase) return false;
  if (!GLOB_CHARS.test(inner.pattern)) return outer.test(inner.pattern);
  if (outer.pattern === inner.pattern) return true;
  const prefix = literalOf(outer.pattern);
  const tail = outer.pattern.slice(prefix.length);
  if (tail !== "*" && tail !== "**") return false;
  const innerLiteral = literalOf(inner.pattern);
  // Case folding is compared only where lower-casing and the glob engine surely agree: plain ASCII.
  if (outer.foldCase && !PLAIN.test(prefix + innerLiteral)) return false;
  const startsWith = outer.foldCase
    ? innerLiteral.toLowerCase().startsWith(prefix.toLowerCase())
    : innerLiteral.startsWith(prefix);
  if (!startsWith) return false;
  // A strict `*` stays within one `/` segment, and so does a strict `**` that is not a whole segment
  // (`t**` is `t*`); a loose `*` crosses segments.
  const crossesSegments = outer.foldCase || (tail === "**" && (prefix === "" || prefix.endsWith("/")));
  return crossesSegments || (!inner.pattern.slice(prefix.length).includes("/") && !inner.pattern.includes("**"));
}

/** Every name of `inner` is a name of `outer`; `undefined` (a rule naming no agents) means every name. */
export function globsCover(outer: readonly Glob[] | undefined, inner: readonly Glob[] | undefined): boolean {
  if (outer === undefined || outer.some(universal)) return true;
  if (inner === undefined) return false;
  return inner.every((glob) => outer.some((candidate) => globCovers(candidate, glob)));
}

/** Whenever `inner`'s conditions let it apply, `outer`'s do too: each of `outer`'s fields is in `inner`, equal. */
export function conditionsCover(outer: RuleDefinition, inner: RuleDefinition): boolean {
  const innerWhen = inner.when ?? {};
  return Object.entries(outer.when ?? {}).every(
    ([field, condition]) =>
      Object.hasOwn(innerWhen, field) && canonicalize(innerWhen[field]) === canonicalize(condition),
  );
}

/** The glob set that matches every name (a rule with no `agents`, or one listing `*`). */
export const coversEverything = (globs: readonly Glob[] | undefined) => globs === undefined || globs.some(universal);
