import { createColors } from "picocolors";
import { inertJson } from "../internal/printable.js";

/** Where a command writes; a test passes its own streams. */
export interface Io {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export type Colors = ReturnType<typeof createColors>;

/** Colour only on a terminal, never when `NO_COLOR` is set or the terminal is dumb (so pipes and CI get plain text). */
export function colorsFor(stream: Io["stdout"], env: Io["env"]): Colors {
  return createColors(stream.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb");
}

/**
 * Writes a value as JSON on its own line: what `--json` prints, always one document per run. Its text is inert on a
 * terminal (JSON.stringify leaves C1 controls, bidi and line separators as they are; they are written as `\uXXXX`).
 */
export function writeJson(io: Io, value: unknown): void {
  io.stdout.write(`${inertJson(value)}\n`);
}
