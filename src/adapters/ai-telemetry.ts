import { type Context, context, INVALID_SPAN_CONTEXT, type SpanOptions, type Tracer, trace } from "@opentelemetry/api";
import { bindingOf } from "./ai-bindings.js";

/**
 * A tracer for `@ai-sdk/otel` that leaves each call of a guarded tool with one span — toolgate's, which
 * carries the SDK's `gen_ai.*` tool attributes and toolgate's decision. The SDK's own `execute_tool` span for a
 * tool of `tools` that `guardTools` gated is not recorded; toolgate's span takes its place under the SDK's step
 * span. Every other span (steps, model calls, unguarded tools) is the SDK's as before.
 *
 * @example
 * ```ts
 * const tools = guardTools(agent, { weather });
 * const integrations = new OpenTelemetry({ tracer: toolgateTracer(trace.getTracer("ai"), tools) });
 * await generateText({ model, tools, prompt, telemetry: { integrations } });
 * ```
 */
export function toolgateTracer(tracer: Tracer, tools: Record<string, unknown>): Tracer {
  const ours = (name: string, options: SpanOptions | undefined) => {
    const tool = options?.attributes?.["gen_ai.tool.name"];
    return typeof tool === "string" && name === `execute_tool ${tool}` && bindingOf(tools, tool) !== undefined;
  };
  // Stands in for the SDK's span: records nothing and carries the parent's context, so spans started under it
  // (toolgate's) are children of the SDK's step span.
  const standIn = (parent: Context | undefined) =>
    trace.wrapSpanContext(trace.getSpanContext(parent ?? context.active()) ?? INVALID_SPAN_CONTEXT);
  return new Proxy(tracer, {
    get(target, key, receiver) {
      if (key !== "startSpan") return Reflect.get(target, key, receiver);
      return (name: string, options?: SpanOptions, parent?: Context) =>
        ours(name, options) ? standIn(parent) : target.startSpan(name, options, parent);
    },
  });
}
