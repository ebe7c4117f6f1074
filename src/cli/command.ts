import type { Command } from "commander";
import type { ExitCode } from "./exit.js";
import type { Io } from "./io.js";

/** What a command's `run` gets: its operands as declared (a variadic one is an array) and its options. */
export interface Invocation {
  readonly operands: readonly unknown[];
  readonly options: Readonly<Record<string, unknown>> & { readonly json?: boolean };
}

/**
 * One `toolgate` command, in a file of its own under `commands/`. `path` places it (`["policy", "check"]`);
 * `configure` declares its operands and options; `run` does the work over the public API and returns the
 * exit code. Every command also gets `--json`.
 */
export interface CliCommand {
  readonly path: readonly [string, ...string[]];
  readonly summary: string;
  configure(command: Command): void;
  run(invocation: Invocation, io: Io): Promise<ExitCode>;
}
