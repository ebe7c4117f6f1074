// `npx tsx bench/scale.ts`: only the DECISIONS AT SCALE section of `npm run bench`, for a quicker look;
// `BENCH_BASELINE=<git revision>` measures that revision beside this build in the same run.
import { cpus, loadavg } from "node:os";
import { decisionScaleReport } from "./decision-report.js";
import { loadToolgate } from "./toolgate.js";

const progress = (message: string) => process.stderr.write(`… ${message}\n`);
// Built here, measured in worker threads (one per shape) that import the build.
const { source } = await loadToolgate();
const { lines, verdicts } = await decisionScaleReport(progress);
const cpu = cpus();
console.log(
  [
    `toolgate decisions at scale — Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? "?"}, load ${(loadavg()[0] ?? 0).toFixed(1)}`,
    `toolgate code: ${source}`,
    "",
    ...lines,
    "TARGETS",
    ...verdicts,
  ].join("\n"),
);
