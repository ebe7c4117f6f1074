// Runs one shape of DECISIONS AT SCALE in a worker thread: its own V8 isolate, so the decisions are timed with the
// JIT feedback of that shape's policies alone, as an application with one policy has — not with what the bench's
// other sections (hundreds of policies, gates and globs) left in shared code.
import { parentPort } from "node:worker_threads";
import { measureShape, type ShapeResult } from "./decision-scale.js";
import { SHAPES } from "./decision-shapes.js";
import { importBuilt } from "./toolgate.js";

/** What the worker answers: the shape's figures (without the shape, which holds functions), or why it failed. */
export type DecisionMessage =
  | { readonly type: "result"; readonly result: Omit<ShapeResult, "shape"> }
  | { readonly type: "failed"; readonly message: string };

const port = parentPort;
if (!port) throw new Error("decision-worker.ts must run in a worker thread");

port.once("message", async ({ shape, outDir }: { shape: number; outDir: string | undefined }) => {
  try {
    const measured = SHAPES[shape];
    if (!measured) throw new Error(`no decision shape ${shape}`);
    const { shape: _shape, ...result } = await measureShape(await importBuilt(outDir), measured);
    port.postMessage({ type: "result", result } satisfies DecisionMessage);
  } catch (error) {
    port.postMessage({ type: "failed", message: String((error as Error)?.stack ?? error) } satisfies DecisionMessage);
  }
});
