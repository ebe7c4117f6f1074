import type { AuditFinding } from "./report.js";

/** @internal An entry as read, with where it came from. */
export interface Located {
  readonly entry: Record<string, unknown>;
  /** Its place in the input, for order checks. */
  readonly position: number;
  readonly line?: number;
  readonly file?: number;
  /** Read from a span: export order is not trail order, so it takes no part in order checks. */
  readonly fromSpan?: true;
}

/** @internal Breaks and warnings as the checks find them. */
export class Findings {
  readonly breaks: AuditFinding[] = [];
  readonly warnings: AuditFinding[] = [];

  add(severity: "break" | "warning", finding: AuditFinding): void {
    (severity === "break" ? this.breaks : this.warnings).push(finding);
  }
}

/** @internal The location fields of a finding about an entry. */
export function at(item: Located): Pick<AuditFinding, "writer" | "seq" | "callId" | "line" | "file"> {
  const { entry, line, file } = item;
  const where: { -readonly [K in keyof AuditFinding]?: AuditFinding[K] } = {};
  if (typeof entry.writer === "string") where.writer = entry.writer;
  if (typeof entry.seq === "number") where.seq = entry.seq;
  if (typeof entry.callId === "string") where.callId = entry.callId;
  if (line !== undefined) where.line = line;
  if (file !== undefined) where.file = file;
  return where;
}
