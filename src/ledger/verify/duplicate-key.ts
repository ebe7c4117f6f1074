// JSON.parse keeps the last of two equal keys, so a line holding one twice says two things: the verifier would read
// one and a reviewer's tool the other. The ledger writes RFC 8785 text, whose keys rise strictly in each object, so
// the common line is checked by comparing each key with the one before; a Set is built only for an object whose
// keys do not rise (a re-serialised or hand-edited line).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** The keys of one open object; `seen` once they stopped rising. */
interface Frame {
  last: string | undefined;
  readonly keys: string[];
  seen: Set<string> | undefined;
}

// The index of the quote closing the string opened at `start` (one not escaped by an odd run of backslashes).
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1) {
    let slashes = 0;
    while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return text.length;
}

const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

/** True when `key` was seen before in the object (then the text holds it twice). */
function repeats(frame: Frame, key: string): boolean {
  if (frame.seen === undefined) {
    if (frame.last === undefined || key > frame.last) {
      frame.last = key;
      frame.keys.push(key);
      return false;
    }
    frame.seen = new Set(frame.keys);
  }
  if (frame.seen.has(key)) return true;
  frame.seen.add(key);
  return false;
}

/**
 * @internal The first key that a JSON text holds twice in one object, as decoded (`"\u006bind"` is `kind`);
 * undefined when every object's keys differ. Read off the text alone: what `JSON.parse` made of it cannot tell
 * (V8's parser has been seen to give an object both of two keys that decode alike, so a count of its keys
 * matched the text's).
 */
export function duplicateKey(text: string): string | undefined {
  const stack: (Frame | undefined)[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = stringEnd(text, i);
      let next = end + 1;
      while (isSpace(text.charCodeAt(next))) next++;
      const frame = stack.at(-1);
      if (frame !== undefined && text.charCodeAt(next) === COLON) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes("\\") ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (repeats(frame, key)) return key;
      }
      i = end;
    } else if (code === OPEN_OBJECT) stack.push({ last: undefined, keys: [], seen: undefined });
    else if (code === OPEN_ARRAY) stack.push(undefined);
    else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) stack.pop();
  }
  return undefined;
}

/** @internal The break for a text holding a key twice in one object; the entry it would be is not read. */
export const duplicateKeyFinding = (what: string, key: string, where: { line?: number; file?: number }) => ({
  kind: "duplicate-key" as const,
  // A key can be any length: the message names its first hundred characters.
  message: `${what} holds the key ${JSON.stringify(key.length > 100 ? `${key.slice(0, 100)}…` : key)} twice in one object: JSON.parse keeps the last, so it says two things (the ledger never writes that); the entry is not read`,
  ...where,
});
