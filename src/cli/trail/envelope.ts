import { TokenType } from "@streamparser/json";

const PUNCTUATION = new Set([TokenType.COLON, TokenType.COMMA, TokenType.RIGHT_BRACE]);

/** An object's keys so far, and whether a key comes next; `undefined` stands for an array. */
type Frame = { readonly keys: Set<string>; key: boolean } | undefined;

/**
 * What `verifyAudit` would make of an OTLP export read token by token: one document (JSON.parse reads no second),
 * closed, its (last) `resourceSpans` a list, no key twice in one object (JSON.parse keeps the last, a streaming
 * parser reads both lists). `twice` names the first key held twice, `problem` anything else; then the export's entries are not read.
 */
export class EnvelopeCheck {
  readonly #stack: Frame[] = [];
  #documents = 0;
  #rootKey: string | undefined;
  #listed = false;
  twice: string | undefined;
  problem: string | undefined;

  see(token: TokenType, value: unknown): void {
    const depth = this.#stack.length;
    if (depth === 0 && token !== TokenType.SEPARATOR && ++this.#documents > 1) {
      this.problem ??= "the OTLP export holds a second JSON document after the first";
    }
    const frame = this.#stack.at(-1);
    if (frame?.key && token === TokenType.STRING) {
      frame.key = false;
      if (frame.keys.has(value as string)) this.twice ??= value as string;
      frame.keys.add(value as string);
      if (depth === 1) this.#rootKey = value as string;
      return;
    }
    // JSON.parse keeps the last of a key given twice: whether the export is one is up to its last resourceSpans.
    if (depth === 1 && this.#rootKey === "resourceSpans" && !PUNCTUATION.has(token)) {
      this.#listed = token === TokenType.LEFT_BRACKET;
    }
    if (token === TokenType.LEFT_BRACE) this.#stack.push({ keys: new Set(), key: true });
    else if (token === TokenType.LEFT_BRACKET) this.#stack.push(undefined);
    else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) this.#stack.pop();
    else if (token === TokenType.COMMA && frame) frame.key = true;
  }

  /** After the last token: a document left open, or whose `resourceSpans` was no list, is no OTLP trace export. */
  end(): void {
    if (this.#stack.length > 0) this.problem ??= "the OTLP export ends before its document closes";
    if (this.#documents > 0 && !this.#listed) this.problem ??= "the OTLP export's resourceSpans is not a list";
  }

  get failed(): boolean {
    return this.twice !== undefined || this.problem !== undefined;
  }
}
