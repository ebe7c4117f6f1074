import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { z } from "zod";
import { defineTool } from "../src/index.js";

/** A tracer provider that keeps finished spans in memory. */
export function memoryTracing() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  // SimpleSpanProcessor exports after a microtask; flushing makes every ended span visible.
  const spans = async (): Promise<ReadableSpan[]> => {
    await tracerProvider.forceFlush();
    return exporter.getFinishedSpans();
  };
  const only = async (): Promise<ReadableSpan> => {
    const all = await spans();
    if (all.length !== 1) throw new Error(`expected one span, got ${all.length}`);
    return all[0] as ReadableSpan;
  };
  return { tracerProvider, exporter, spans, only };
}

/** A tool that records the inputs it ran with. */
export function recordingTool(
  name: string,
  options: { risk?: "low" | "medium" | "high" | "critical"; tags?: string[] } = {},
) {
  const ran: unknown[] = [];
  const tool = defineTool({
    name,
    description: `test tool ${name}`,
    input: z.object({
      amount: z.number().optional(),
      path: z.string().optional(),
      note: z.string().optional(),
    }),
    risk: options.risk,
    tags: options.tags,
    execute: async (input) => {
      ran.push(input);
      return { ok: true, input };
    },
  });
  return { tool, ran };
}
