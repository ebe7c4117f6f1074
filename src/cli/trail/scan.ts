import { Tokenizer } from "@streamparser/json";
import { EnvelopeCheck } from "./envelope.js";
import { fileChunks } from "./file-read.js";

const CHUNK = 1024 * 1024;

/**
 * @internal Whether a file is what JSON.parse would take for one OTLP export: one document, closed, its (last)
 * `resourceSpans` a list; and the first key it holds twice in one object (the export is then not read). Tokens only,
 * stopping at the first sign it is no such document.
 */
export async function scanDocument(
  path: string,
  limit: number | undefined,
): Promise<{ readonly document: boolean; readonly twice?: string }> {
  const envelope = new EnvelopeCheck();
  const tokenizer = new Tokenizer({ separator: "" });
  let broken = false;
  tokenizer.onToken = ({ token, value }) => envelope.see(token, value);
  tokenizer.onError = () => {
    broken = true;
  };
  for await (const chunk of fileChunks(path, CHUNK, limit, undefined)) {
    tokenizer.write(chunk);
    if (broken || envelope.problem !== undefined) return { document: false };
  }
  if (!tokenizer.isEnded) tokenizer.end();
  envelope.end();
  if (broken || envelope.problem !== undefined) return { document: false };
  return { document: true, ...(envelope.twice !== undefined && { twice: envelope.twice }) };
}
