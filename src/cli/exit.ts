/**
 * The `toolgate` command's exit codes, the same for every command: CI can gate on them.
 * `ok` (0) nothing to report; `findings` (1) the command found something (lint findings, an invalid policy
 * under `policy check`, a failing test case); `usage` (2) the command could not do its job (bad arguments,
 * a file that cannot be read, an invalid policy or test file given to a command that needs a valid one);
 * `internal` (3) toolgate itself failed (a bug to report): never mistaken for findings, so a gate on 1 is not
 * told that a trail it could not read was tampered with, nor one on 0 that it verified.
 */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error in what the command was given (exit 2): the message says what and how to fix it. */
export class InputError extends Error {
  override readonly name = "InputError";
}
