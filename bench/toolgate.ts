import { fileURLToPath, pathToFileURL } from "node:url";
import type * as Toolgate from "../src/index.js";
import type * as Evaluate from "../src/policy/evaluate.js";

/** The public API, plus the internal synchronous decision the bench times directly. */
export type ToolgateModule = typeof Toolgate & Pick<typeof Evaluate, "evaluate">;

const srcDirDefault = fileURLToPath(new URL("../src/", import.meta.url));
// Inside node_modules so the bundle resolves toolgate's dependencies exactly as the package would.
const outDirDefault = fileURLToPath(new URL("../node_modules/.cache/toolgate-bench/", import.meta.url));

/**
 * Loads toolgate the way users run it: bundled from `src/` with the settings of `tsup.config.ts` (ESM,
 * node22, dependencies external). tsx, which runs this script, compiles with esbuild's `keepNames`, which
 * wraps every named closure in a `__name()` call at creation; the published build has no such calls, so
 * timing `src/` through tsx would overstate the per-call cost. `BENCH_SOURCE=tsx` times `src/` as tsx runs it.
 */
export async function loadToolgate(
  srcDir = srcDirDefault,
  outDir = outDirDefault,
): Promise<{ toolgate: ToolgateModule; source: string }> {
  if (process.env.BENCH_SOURCE === "tsx") {
    const [api, internals] = await Promise.all([import("../src/index.js"), import("../src/policy/evaluate.js")]);
    return { toolgate: { ...api, evaluate: internals.evaluate }, source: "src/ through tsx (esbuild keepNames)" };
  }
  const { build } = await import("tsup");
  await build({
    entry: { index: `${srcDir}index.ts`, evaluate: `${srcDir}policy/evaluate.ts` },
    format: ["esm"],
    target: "node22",
    outDir,
    splitting: true,
    clean: true,
    dts: false,
    sourcemap: false,
    silent: true,
    config: false,
    removeNodeProtocol: false,
  });
  return { toolgate: await importBuilt(outDir), source: "src/ bundled with tsup (as published)" };
}

/** The build `loadToolgate` made (or `src/` when `BENCH_SOURCE=tsx`), for a worker thread of the same run. */
export async function importBuilt(outDir = outDirDefault): Promise<ToolgateModule> {
  if (process.env.BENCH_SOURCE === "tsx") {
    const [api, internals] = await Promise.all([import("../src/index.js"), import("../src/policy/evaluate.js")]);
    return { ...api, evaluate: internals.evaluate };
  }
  const load = (name: string) => import(pathToFileURL(`${outDir}${name}.js`).href);
  const [api, internals] = (await Promise.all([load("index"), load("evaluate")])) as [typeof Toolgate, typeof Evaluate];
  return { ...api, evaluate: internals.evaluate };
}
