#!/usr/bin/env node
// The `toolgate` command (the package's bin). Every command is in commands/, over the public API only.
import { printableLines } from "../internal/printable.js";
import { EXIT } from "./exit.js";
import { runCli } from "./program.js";

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
} catch (error) {
  // What even reporting a failure failed on (a closed stdout): Node's own exit code, 1, would read as findings.
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`toolgate: internal error, please report it with this output: ${printableLines(message)}\n`);
  process.exitCode = EXIT.internal;
}
