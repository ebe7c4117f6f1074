import cliProgress from "cli-progress";
import type { Io } from "./io.js";

/** Trails smaller than this are read too fast for a bar to help. */
const LONG_TRAIL_BYTES = 32 * 1024 * 1024;
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

/**
 * A progress bar on standard error while a long trail is read, on a terminal only (never in a pipe, in CI, or
 * under `--json`, so what a machine reads stays clean). `done` clears it.
 */
export function trailProgress(
  io: Io,
  json: boolean,
): { onProgress?: (read: number, total: number) => void; done(): void } {
  if (json || io.stderr.isTTY !== true || io.env.CI || io.env.TERM === "dumb") return { done: () => {} };
  let bar: cliProgress.SingleBar | undefined;
  return {
    onProgress: (read, total) => {
      if (total < LONG_TRAIL_BYTES) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream: io.stderr as NodeJS.WritableStream,
            format: "reading the trail [{bar}] {percentage}% | {value}/{total} MiB | {eta_formatted} left",
            formatValue: (value, _options, type) => (type === "value" || type === "total" ? mib(value) : String(value)),
            clearOnComplete: true,
            hideCursor: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(read);
    },
    done: () => bar?.stop(),
  };
}
