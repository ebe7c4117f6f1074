import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { InputError } from "./exit.js";
import type { Io } from "./io.js";
import type { TrailOptions } from "./trail/pass.js";

const collect = (value: string, previous: string[]) => [...previous, value];

/** The options every command that reads a trail takes: the verifier's. */
export function withTrailOptions(command: Command): Command {
  return command
    .option(
      "--public-key <file>",
      "Ed25519 public key (PEM) whose signed checkpoints count; repeat it across a key rotation",
      collect,
      [],
    )
    .option("--live", "the writer may still be running: an open tail and unended calls are warnings, not breaks")
    .option("--partial", "the trail may start after seq 1 (its oldest files were rotated away)");
}

function readKey(value: string, io: Io): string {
  if (value.trimStart().startsWith("-----BEGIN")) return value;
  try {
    return readFileSync(resolve(io.cwd, value), "utf8");
  } catch (error) {
    throw new InputError(`cannot read the public key file ${value}: ${(error as Error).message}`);
  }
}

/** The verifier's options from the command line. */
export function trailOptions(options: Readonly<Record<string, unknown>>, io: Io): TrailOptions {
  const keys = (options.publicKey as string[] | undefined) ?? [];
  return {
    ...(keys.length > 0 && { publicKey: keys.map((key) => readKey(key, io)) }),
    ...(options.live === true && { live: true }),
    ...(options.partial === true && { partial: true }),
  };
}
