import { type Family, type Hit, RANK } from "../hits.js";

// gitleaks private-key: (?i)-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S-]{64,}?KEY(?: BLOCK)?-----
// Its lazy body is quadratic on many BEGINs without an END; here the END is found once per text (see nextEnd).
const BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/gi;
const END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/iy;
const MAX_BLOCK = 65_536;
const MIN_MATERIAL = 16;
// What a key body can be made of: base64, line breaks (also as "\n" escapes in encoded text), header lines.
const BODY_CHAR = /[A-Za-z0-9+/=\s\\:,-]/;
const HEADER = /^(?:Proc-Type: 4,ENCRYPTED|DEK-Info: [A-Z0-9-]{1,32},[0-9A-F]{1,64}|Version: [\w .()-]{1,64})$/gm;
const ESCAPED_BREAK = /\\[nr]/g;
const WHITE_SPACE = /\s/g;
const NOT_BASE64 = /[^A-Za-z0-9+/]/;
const PADDING = /={1,2}$/;
const DER_SEQUENCE = "M"; // base64 of 0x30, the first byte of a PKCS#1, PKCS#8 or SEC 1 key
const OPENSSH = "b3BlbnNzaC1rZXktdjE"; // base64 of "openssh-key-v1"
const NOT_A_KEY = "its body does not decode as a private key: it may hide something else; reveal it before approving";
const NO_END = "the block has no END line: everything that looks like its body is hidden; reveal it before approving";

function bodyLooksLikeKey(body: string): boolean {
  const base64 = body.replace(ESCAPED_BREAK, "\n").replace(HEADER, "").replace(WHITE_SPACE, "");
  if (base64.length < 64 || base64.length % 4 !== 0 || NOT_BASE64.test(base64.replace(PADDING, ""))) return false;
  const encrypted = body.includes("Proc-Type:") || body.includes("Version:");
  return encrypted || base64.startsWith(DER_SEQUENCE) || base64.startsWith(OPENSSH);
}

/**
 * PEM and PGP private-key blocks, BEGIN to END, wherever they sit in a text. A block whose body is not a key
 * is still hidden (it may be a damaged real one) but carries a warning: a payload dressed up as a key must
 * not pass an approver unnoticed.
 */
export const pemFamily: Family = {
  name: "private-key",
  minLength: 40,
  patterns: [BEGIN, END, HEADER, ESCAPED_BREAK, BODY_CHAR, WHITE_SPACE, NOT_BASE64, PADDING],
  find(text: string, hits: Hit[]): void {
    // END lines are looked up once, left to right: the answer for one BEGIN serves every later one before it.
    let end: { at: number; after: number } | undefined;
    let searchedTo = 0;
    const nextEnd = (from: number) => {
      if (end !== undefined && end.at >= from) return end;
      for (
        let at = text.indexOf("-----END ", Math.max(from, searchedTo));
        at >= 0;
        at = text.indexOf("-----END ", at + 1)
      ) {
        END.lastIndex = at;
        if (END.test(text)) {
          end = { at, after: END.lastIndex };
          return end;
        }
      }
      searchedTo = text.length;
      end = undefined;
      return end;
    };
    BEGIN.lastIndex = 0;
    for (let begin = BEGIN.exec(text); begin !== null; begin = BEGIN.exec(text)) {
      const bodyStart = begin.index + begin[0].length;
      const block = nextEnd(bodyStart);
      let stop: number;
      let warning: string | undefined;
      if (block !== undefined && block.at - bodyStart <= MAX_BLOCK) {
        stop = block.after;
        if (!bodyLooksLikeKey(text.slice(bodyStart, block.at))) warning = NOT_A_KEY;
      } else {
        stop = bodyStart;
        const limit = Math.min(text.length, bodyStart + MAX_BLOCK);
        while (stop < limit && BODY_CHAR.test(text.charAt(stop))) stop++;
        // A BEGIN line with no key material after it ("-- -----BEGIN PRIVATE KEY-----" in a comment) hides nothing.
        if (text.slice(bodyStart, stop).replace(WHITE_SPACE, "").length < MIN_MATERIAL) continue;
        warning = NO_END;
      }
      hits.push({
        start: begin.index,
        end: stop,
        kind: "private-key",
        rank: RANK.format,
        ...(warning ? { warning } : {}),
      });
      BEGIN.lastIndex = stop;
    }
  },
};
