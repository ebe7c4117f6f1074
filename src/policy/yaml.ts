import type { Document, LineCounter as Lines } from "yaml";
import { shown } from "./names.js";
import { MAX_POLICY_DEPTH } from "./plain-data.js";

/** Longest policy text `loadPolicy` reads (characters). */
export const MAX_POLICY_TEXT = 16 * 1024 * 1024;

interface Token {
  readonly type?: string;
  readonly value?: Token;
  readonly key?: Token;
  readonly items?: readonly { readonly key?: Token; readonly value?: Token }[];
}

// The parser's syntax tree is built without recursion; composing it into values recurses, so its depth is
// measured first, with an explicit stack.
function deeperThan(tokens: Iterable<Token>, limit: number): boolean {
  const stack: [Token, number][] = [];
  for (const token of tokens) stack.push([token, 0]);
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [token, depth] = next;
    if (depth > limit) return true;
    if (token.value) stack.push([token.value, depth]);
    for (const item of token.items ?? []) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return false;
}

// Keys must be text as written (`1:` and `"1":` would both become "1"), and no value may carry a tag
// (`!!binary`, `!!set`) that turns it into something other than JSON data.
function nodeProblems(doc: Document, lines: Lines, visit: typeof import("yaml").visit): string[] {
  const problems: string[] = [];
  const where = (node: { range?: readonly number[] | null } | null) => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    return `line ${line}, column ${col}`;
  };
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key as { value?: unknown; range?: number[] } | null;
      if (typeof key?.value !== "string") problems.push(`${where(key)}: a key must be text: quote it`);
    },
    Node(_, node) {
      if (node.tag) problems.push(`${where(node)}: tags (${shown(node.tag)}) are not allowed in a policy`);
    },
  });
  return problems;
}

/** Parses policy text (YAML 1.2, JSON included) into data, or lists why it cannot be. */
export async function parsePolicyText(text: string): Promise<{ data: unknown; problems: string[] }> {
  if (text.length > MAX_POLICY_TEXT)
    return { data: undefined, problems: [`longer than ${MAX_POLICY_TEXT} characters`] };
  // yaml is imported here, not at the top, so programs that never load policy files never load it.
  const { Composer, LineCounter, Parser, visit } = await import("yaml");
  const lines = new LineCounter();
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  if (deeperThan(tokens as Iterable<Token>, MAX_POLICY_DEPTH)) {
    return { data: undefined, problems: [`nested more than ${MAX_POLICY_DEPTH} levels deep`] };
  }
  const docs = [...new Composer({ uniqueKeys: true }).compose(tokens, true, text.length)];
  if (docs.length > 1) return { data: undefined, problems: ["holds several YAML documents (---): keep one"] };
  const doc = docs[0] as Document;
  const parseProblems = [...doc.errors, ...doc.warnings].map((e) => {
    const { line, col } = lines.linePos(e.pos[0]);
    return `cannot parse as JSON or YAML: line ${line}, column ${col}: ${shown(e.message)}`;
  });
  if (parseProblems.length > 0) return { data: undefined, problems: parseProblems };
  const problems = nodeProblems(doc, lines, visit);
  if (problems.length > 0) return { data: undefined, problems };
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }), problems: [] };
  } catch (error) {
    return { data: undefined, problems: [`cannot be read: ${shown((error as Error).message)}`] };
  }
}
