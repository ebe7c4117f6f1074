import type { Hit } from "./hits.js";

const ESCAPE = /%[0-9A-Fa-f]{2}/;

/**
 * Runs `find` on the percent-decoded form of a text too (a secret in a URL query arrives encoded:
 * `-----BEGIN%20PRIVATE%20KEY-----%0A…`) and maps what it finds back onto the text as it is.
 */
export function findDecoded(text: string, find: (decoded: string, hits: Hit[]) => void, hits: Hit[]): void {
  if (!ESCAPE.test(text)) return;
  let decoded = "";
  const origin: number[] = [];
  for (let at = 0; at < text.length; ) {
    origin.push(at);
    const code = text.charAt(at) === "%" ? Number.parseInt(text.slice(at + 1, at + 3), 16) : Number.NaN;
    if (Number.isNaN(code) || !/^[0-9A-Fa-f]{2}$/.test(text.slice(at + 1, at + 3))) {
      decoded += text.charAt(at);
      at++;
    } else {
      decoded += String.fromCharCode(code);
      at += 3;
    }
  }
  origin.push(text.length);
  const found: Hit[] = [];
  find(decoded, found);
  for (const hit of found) hits.push({ ...hit, start: origin[hit.start] ?? 0, end: origin[hit.end] ?? text.length });
}
