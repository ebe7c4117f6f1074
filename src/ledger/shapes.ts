// The known shape of each entry kind, for the fast canonical writer. A field is a primitive type, a list of
// strings, "json" (any value, written by the generic canonicaliser), a nested shape, or a list of one shape.

type Field = "string" | "number" | "boolean" | "strings" | "json" | Shape | readonly [Shape];
interface Shape {
  readonly [key: string]: Field;
}

/** @internal A shape compiled for writing: fields in RFC 8785 order (UTF-16 code units), with their quoted keys. */
export interface CompiledShape {
  readonly fields: readonly CompiledField[];
  /** Field positions by key, on a null-prototype object (no inherited key can match). */
  readonly index: { readonly [key: string]: number | undefined };
}

/** @internal One field of a {@link CompiledShape}. */
export type CompiledField =
  | {
      readonly key: string;
      readonly prefix: string;
      readonly type: "string" | "number" | "boolean" | "strings" | "json";
    }
  | { readonly key: string; readonly prefix: string; readonly type: "object" | "list"; readonly shape: CompiledShape };

function compile(shape: Shape): CompiledShape {
  // A bit per field marks which are present; 31 is what a small integer holds.
  const keys = Object.keys(shape).sort();
  if (keys.length > 31) throw new Error("an entry shape has more than 31 fields");
  const fields = keys.map((key): CompiledField => {
    const field = shape[key] as Field;
    const prefix = `${JSON.stringify(key)}:`;
    if (typeof field === "string") return { key, prefix, type: field };
    if (Array.isArray(field)) return { key, prefix, type: "list", shape: compile((field as readonly [Shape])[0]) };
    return { key, prefix, type: "object", shape: compile(field as Shape) };
  });
  const index: Record<string, number> = Object.create(null);
  for (const [i, key] of keys.entries()) index[key] = i;
  return { fields, index };
}

const LINK = {
  v: "number",
  kind: "string",
  writer: "string",
  seq: "number",
  prevHash: "string",
  time: "string",
} as const;
const CALL = {
  ...LINK,
  callId: "string",
  agent: { id: "string", name: "string", owner: "string", chain: "strings" },
  conversationId: "string",
  clientRequestId: "string",
  tool: { name: "string", risk: "string" },
  argsHash: "string",
  decision: {
    effect: "string",
    rule: "string",
    reason: "string",
    shadow: { effect: "string", rule: "string", reason: "string", by: "string" },
  },
  approvals: [{ approver: "string", by: "string", approved: "boolean", reason: "string" }],
  arguments: "json",
} as const;

/** @internal The compiled shape of each kind; a kind not listed here is written by the generic canonicaliser. */
export const SHAPES: ReadonlyMap<string, CompiledShape> = new Map(
  Object.entries({
    begin: CALL,
    refusal: { ...CALL, beginSeq: "number", code: "string" },
    end: {
      ...LINK,
      callId: "string",
      beginSeq: "number",
      outcome: "string",
      resultHash: "string",
      error: { type: "string", message: "string" },
      result: "json",
    },
    event: { ...LINK, name: "string", data: "json" },
    gap: { ...LINK, refused: "number", callIds: "strings" },
    checkpoint: {
      ...LINK,
      keyId: "string",
      signature: "string",
      every: "number",
      closing: "boolean",
      resumed: "boolean",
    },
  } satisfies Record<string, Shape>).map(([kind, shape]) => [kind, compile(shape)]),
);
