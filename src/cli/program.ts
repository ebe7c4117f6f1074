import { Command, CommanderError } from "commander";
import { isToolgateError } from "../index.js";
import { printableLines } from "../internal/printable.js";
import { VERSION } from "../version.js";
import type { CliCommand } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { EXIT, type ExitCode, InputError } from "./exit.js";
import { type Io, writeJson } from "./io.js";

const EXIT_HELP = `
Exit codes: 0 nothing to report, 1 findings (lint findings, an invalid policy under "policy check", a failing
test case, a decision "policy replay" changes, a trail that does not verify), 2 usage or input error (bad
arguments, an unreadable file, an invalid policy or test file), 3 toolgate itself failed (a bug: please report it).`;

// `policy check` lives under the `policy` group: groups are made once, on first use.
function placeIn(root: Command, groups: Map<string, Command>, path: readonly string[]): Command {
  let parent = root;
  for (const [depth, name] of path.slice(0, -1).entries()) {
    const key = path.slice(0, depth + 1).join(" ");
    const group = groups.get(key) ?? parent.command(name).description(`${name} commands`);
    groups.set(key, group);
    parent = group;
  }
  return parent.command(path.at(-1) as string);
}

function reportFailure(error: unknown, json: boolean, io: Io): ExitCode {
  const known = error instanceof InputError || isToolgateError(error);
  const message = known
    ? (error as Error).message
    : `internal error, please report it with this output: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  if (json) writeJson(io, { error: { message } });
  else io.stderr.write(`toolgate: ${printableLines(message)}\n`);
  return known ? EXIT.usage : EXIT.internal;
}

function register(
  root: Command,
  groups: Map<string, Command>,
  command: CliCommand,
  io: Io,
  done: (code: ExitCode) => void,
) {
  const sub = placeIn(root, groups, command.path).description(command.summary);
  command.configure(sub);
  sub.option("--json", "print one JSON document instead of text");
  sub.action(async (...args: unknown[]) => {
    const self = args.at(-1) as Command;
    const options = self.opts() as Record<string, unknown>;
    try {
      done(await command.run({ operands: self.processedArgs, options }, io));
    } catch (error) {
      done(reportFailure(error, options.json === true, io));
    }
  });
}

/** Runs `toolgate` with `argv` (without the node and script paths) and returns the exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<ExitCode> {
  const program = new Command("toolgate")
    .description("Check, explain, test and generate toolgate policies; replay, verify and inventory audit trails.")
    .version(VERSION)
    .addHelpText("after", EXIT_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // commander quotes the argument it refuses (an unknown option or command, an invalid value): a file name a
      // shell glob expanded is someone else's text.
      outputError: (text, write) => write(printableLines(text)),
    })
    .showHelpAfterError('(add "--help" for usage)');
  let code: ExitCode = EXIT.ok;
  const groups = new Map<string, Command>();
  for (const command of COMMANDS) register(program, groups, command, io, (result) => (code = result));
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
  return code;
}
