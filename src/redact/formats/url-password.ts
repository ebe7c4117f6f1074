import { RANK } from "../hits.js";
import type { PatternEntry } from "../pattern-family.js";

/**
 * scheme://user:password@host — the password may contain "@" (the last one before the host ends it) but not
 * "/", "?", "#" or white space; URLs, DSNs and git remotes alike. Anchored at "://" (the scheme is read
 * backwards, at most 31 characters), so it runs with the token keywords.
 */
export const URL_PASSWORD_ENTRY: PatternEntry = {
  kind: "url-password",
  source: "toolgate (RFC 3986 userinfo; cf. secretlint's database-connection-string rule)",
  pattern: String.raw`(?<=\b(?<![+.-])[A-Za-z][A-Za-z0-9+.-]{0,30})://[^\s:@/?#]{0,256}:([^\s/?#]{1,1024})@`,
  rank: RANK.credential,
  trigger: ["://"],
};
