#!/usr/bin/env node
// The `toolgate` command (the package's bin). Every command is in commands/, over the public API only.
import { runCli } from "./program.js";

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
