/** Where an item was read: the file's index (only when several files are read) and its 1-based line. */
export interface Where {
  readonly file?: number;
  readonly line?: number;
}

/** A ledger entry as read from a trail (not yet checked: a trail is evidence to examine, never trusted input). */
export interface EntryItem {
  readonly entry: Record<string, unknown>;
  /** The JSON text it was parsed from. */
  readonly text?: string;
  readonly where: Where;
  /** Read from a span of an OTLP export: export order is not trail order. */
  readonly fromSpan?: true;
}

/** Something in a trail that is not an entry: a line that is no JSON object, holds a key twice, or is cut short. */
export interface ProblemItem {
  readonly problem: "unreadable" | "torn-line" | "duplicate-key";
  readonly message: string;
  readonly where: Where;
}

/** One item of a trail, in the order read. */
export type TrailItem = EntryItem | ProblemItem;

/** What a trail was read from, as `verifyAudit` names it. */
export type TrailSource = "jsonl" | "otlp";
