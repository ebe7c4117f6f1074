// Runs one MEMORY scenario in a worker thread: its own V8 heap, so the figures are that scenario's gate alone.
import { parentPort } from "node:worker_threads";
import { type Curve, curve } from "./memory-curve.js";
import { SCENARIOS } from "./memory-worlds.js";
import { importBuilt } from "./toolgate.js";

/** What the worker answers to the index of a scenario. */
export type MemoryMessage =
  | { readonly type: "curve"; readonly curve: Curve }
  | { readonly type: "failed"; readonly message: string };

const port = parentPort;
if (!port) throw new Error("memory-worker.ts must run in a worker thread");

port.once("message", async (index: number) => {
  try {
    const scenario = SCENARIOS[index];
    if (!scenario) throw new Error(`no memory scenario ${index}`);
    const measured = await curve(await importBuilt(), scenario);
    port.postMessage({ type: "curve", curve: measured } satisfies MemoryMessage);
  } catch (error) {
    port.postMessage({ type: "failed", message: String((error as Error)?.stack ?? error) } satisfies MemoryMessage);
  }
});
