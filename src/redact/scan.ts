import { findDecoded, mayBeEncoded } from "./decoded.js";
import { findEchoes, type KnownSecret } from "./echoes.js";
import { assignmentFamily } from "./formats/assignment.js";
import { awsSecretFamily } from "./formats/aws-secret.js";
import { cardFamily } from "./formats/cards.js";
import { commandLineFamily } from "./formats/command-line.js";
import { CREDENTIAL_ENTRIES } from "./formats/credentials.js";
import { ibanFamily } from "./formats/iban.js";
import { pemFamily } from "./formats/pem.js";
import { scriptAssignmentFamily } from "./formats/script-assignment.js";
import { tableColumnFamily } from "./formats/table-columns.js";
import { TOKEN_ENTRIES } from "./formats/tokens.js";
import { URL_PASSWORD_ENTRY } from "./formats/url-password.js";
import { type Family, type Hit, mergeHits, RANK } from "./hits.js";
import { keywordFamily } from "./keyword-family.js";
import { patternFamily } from "./pattern-family.js";

/** How much of one string is scanned; the rest is hidden as `unscanned`. */
export const MAX_SCAN = 65_536;
// A cut inside a secret would show its first part: back off to the last white space this close to the cap.
const CUT_BACKOFF = 1024;

/** Every way of finding a secret in a text, each one linear-time pass. */
export const FAMILIES: readonly Family[] = [
  // A token starts at a word boundary; a "\n" escape or a percent-escape before it is undone in the decoded view.
  keywordFamily("tokens", [...TOKEN_ENTRIES, URL_PASSWORD_ENTRY]),
  awsSecretFamily,
  patternFamily("credentials", "", CREDENTIAL_ENTRIES),
  pemFamily,
  cardFamily,
  ibanFamily,
  assignmentFamily,
  scriptAssignmentFamily,
  commandLineFamily,
  tableColumnFamily,
];
const SHORTEST = Math.min(...FAMILIES.map((family) => family.minLength));

/**
 * What scanning has read, for tests and the benchmark: `characters` grows by each string's scanned length
 * (at most {@link MAX_SCAN}), whatever the string's length; each family makes one linear pass over it.
 */
export const scanStats = { strings: 0, characters: 0 };

/** Where scanning of a long text stops: at the cap, or at white space just before it. */
function scanLimit(text: string): number {
  if (text.length <= MAX_SCAN) return text.length;
  for (let at = MAX_SCAN; at > MAX_SCAN - CUT_BACKOFF; at--) if (/\s/.test(text.charAt(at - 1))) return at;
  return MAX_SCAN;
}

function findAll(text: string, hits: Hit[], plain = false): void {
  for (const family of FAMILIES)
    if (text.length >= family.minLength && !(plain && family.outsideAscii)) family.find(text, hits);
}

/**
 * The stretches of `text` to hide, sorted and disjoint. A text longer than {@link MAX_SCAN} is scanned up to
 * the cap and the rest is one `unscanned` hit: what was not read is not shown. `known` are secrets the text may
 * repeat from elsewhere (see {@link findEchoes}).
 */
export function scanText(text: string, known: readonly KnownSecret[] = []): Hit[] {
  if (text.length < SHORTEST) return [];
  const limit = scanLimit(text);
  const scanned = limit < text.length ? text.slice(0, limit) : text;
  scanStats.strings++;
  scanStats.characters += scanned.length;
  const hits: Hit[] = [];
  // Plain ASCII (nothing to decode) is most text: one pass rules out the decoded view and the non-ASCII families.
  const plain = !mayBeEncoded(scanned);
  findAll(scanned, hits, plain);
  if (!plain) findDecoded(scanned, findAll, hits);
  if (hits.length > 0 || known.length > 0) findEchoes(scanned, hits, known);
  const merged = mergeHits(hits);
  if (limit < text.length) merged.push({ start: limit, end: text.length, kind: "unscanned", rank: RANK.cut });
  return merged;
}
