import { readFile } from "node:fs/promises";
import { isToolgateError, loadPolicy, type Policy } from "../index.js";
import { InputError } from "./exit.js";

/** The policy file's text; a file that cannot be read is an input error (exit 2). */
export async function readPolicyText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new InputError(`cannot read the policy file ${path}: ${(error as Error).message}`);
  }
}

/** The problems `loadPolicy` lists, one per line and each with its path; `undefined` for a valid policy. */
export async function validate(text: string, path: string): Promise<{ policy: Policy } | { problems: string[] }> {
  try {
    return { policy: await loadPolicy(text, path) };
  } catch (error) {
    if (!isToolgateError(error) || error.code !== "INVALID_POLICY") throw error;
    const [, ...lines] = error.message.split("\n");
    return { problems: lines.length > 0 ? lines.map((line) => line.trim()) : [error.message] };
  }
}

/** A valid policy, for the commands that need one: an invalid policy is an input error (exit 2). */
export async function readValidPolicy(path: string): Promise<Policy> {
  const result = await validate(await readPolicyText(path), path);
  if ("policy" in result) return result.policy;
  throw new InputError(
    `the policy ${path} is invalid (run \`toolgate policy check ${path}\`):\n  ${result.problems.join("\n  ")}`,
  );
}
