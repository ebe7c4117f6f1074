import { Worker } from "node:worker_threads";
import type { CedarJob, CedarMessage } from "./cedar-worker.js";
import type { Timing } from "./measure.js";

/** Cedar's figures at one size, or why there are none. */
export type CedarResult =
  | {
      readonly size: number;
      readonly parseMs: number;
      readonly hit: Timing;
      readonly miss: Timing;
      readonly statelessHit: Timing | undefined;
    }
  | { readonly size: number; readonly skipped: string };

/** Runs one Cedar job in a fresh worker, stopping it if parsing takes longer than `parseBudgetMs`. */
function runJob(job: CedarJob, parseBudgetMs: number): Promise<CedarResult> {
  const worker = new Worker(new URL("./cedar-worker.ts", import.meta.url));
  return new Promise<CedarResult>((resolve) => {
    let parseMs = 0;
    const finish = (result: CedarResult) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ size: job.size, skipped: `parse took over the ${parseBudgetMs / 1000} s budget; stopped` }),
      parseBudgetMs,
    );
    worker.on("message", (message: CedarMessage) => {
      if (message.type === "parsed") {
        clearTimeout(timer);
        parseMs = message.parseMs;
      } else if (message.type === "failed") {
        finish({ size: job.size, skipped: `failed: ${message.message}` });
      } else {
        finish({ ...message, parseMs });
      }
    });
    worker.on("error", (error) => finish({ size: job.size, skipped: `worker error: ${String(error)}` }));
    worker.postMessage(job);
  });
}

/**
 * Cedar at each size. Sizes above 10k are only tried when the parse time, extrapolated from 1k and 10k
 * (Cedar's parse grows faster than linearly), fits the budget; otherwise the largest size predicted to fit
 * is run instead, and the result says so.
 */
export async function runCedar(sizes: readonly number[], parseBudgetMs: number): Promise<CedarResult[]> {
  const results: CedarResult[] = [];
  const parseMsAt = (size: number) => {
    const found = results.find((r) => r.size === size);
    return found && "parseMs" in found ? found.parseMs : undefined;
  };
  for (const size of sizes) {
    const small = parseMsAt(1_000);
    const large = parseMsAt(10_000);
    let runSize = size;
    if (size > 10_000 && small !== undefined && large !== undefined) {
      const exponent = Math.max(1, Math.log10(large / small));
      const predictedMs = large * (size / 10_000) ** exponent;
      if (predictedMs > parseBudgetMs) {
        const fits = 10_000 * (parseBudgetMs / large) ** (1 / exponent);
        runSize = Math.floor(fits / 10_000) * 10_000;
        if (runSize <= 10_000) {
          results.push({
            size,
            skipped: `predicted parse ${(predictedMs / 1000).toFixed(0)} s > ${parseBudgetMs / 1000} s budget`,
          });
          continue;
        }
      }
    }
    results.push(await runJob({ size: runSize, stateless: runSize <= 1_000 }, parseBudgetMs));
  }
  return results;
}
