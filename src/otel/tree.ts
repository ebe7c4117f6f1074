import type { ReadableSpan } from "@opentelemetry/sdk-trace";

const KEY_ATTRIBUTES = [
  "toolgate.decision.rule",
  "toolgate.approval.outcome",
  "toolgate.approval.by",
  "error.type",
  "toolgate.audit.seq",
];

const micros = (span: ReadableSpan) => span.duration[0] * 1e6 + span.duration[1] / 1e3;
const started = (span: ReadableSpan) => span.startTime[0] * 1e9 + span.startTime[1];

function describeSpan(span: ReadableSpan, keys: readonly string[]): string {
  const status = span.status.code === 2 ? "✗" : "✓";
  const attributes = keys
    .filter((key) => span.attributes[key] !== undefined)
    .map((key) => `${key.replace(/^(toolgate|gen_ai)\./, "")}=${String(span.attributes[key])}`);
  const ms = (micros(span) / 1000).toFixed(2);
  return `${status} ${span.name} (${ms} ms)${attributes.length > 0 ? `  ${attributes.join("  ")}` : ""}`;
}

/**
 * Renders finished spans as an indented tree per trace, with the attributes a reviewer reads first.
 *
 * @example
 * ```ts
 * console.log(formatSpanTree(await tracing.spans()));
 * // ✓ execute_tool crm.read (0.12 ms)  agent.name=support-bot  decision.rule=support-read  outcome=allowed
 * ```
 */
export function formatSpanTree(spans: readonly ReadableSpan[], keys: readonly string[] = KEY_ATTRIBUTES): string {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const children = new Map<string | undefined, ReadableSpan[]>();
  for (const span of [...spans].sort((a, b) => started(a) - started(b))) {
    const parent = span.parentSpanContext?.spanId;
    const key = parent && ids.has(parent) ? parent : undefined;
    children.set(key, [...(children.get(key) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, prefix: string) => {
    const list = children.get(parent) ?? [];
    list.forEach((span, index) => {
      const last = index === list.length - 1;
      const branch = parent === undefined ? "" : last ? "└─ " : "├─ ";
      lines.push(`${prefix}${branch}${describeSpan(span, keys)}`);
      walk(span.spanContext().spanId, parent === undefined ? prefix : `${prefix}${last ? "   " : "│  "}`);
    });
  };
  walk(undefined, "");
  return lines.join("\n");
}
