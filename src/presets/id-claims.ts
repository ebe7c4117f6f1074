import { ToolgateError } from "../errors.js";
import { loose } from "../policy/loose.js";

/** The `INVALID_POLICY` error of a merge that cannot go ahead. */
export function mergeError(message: string): never {
  throw new ToolgateError({ code: "INVALID_POLICY", message });
}

/**
 * Who holds each id of a merge, read loosely as the loader compares ids (`Seed-Chain.burst` is
 * `seed-chain.burst`): the policy's entries first, then each preset's as it is merged.
 */
export class IdClaims {
  readonly #owners = new Map<string, { id: string; where: string }>();

  /** Records an id of the policy itself; its own duplicates are left for definePolicy to report with paths. */
  policy(id: unknown, where: string): void {
    if (typeof id === "string" && !this.#owners.has(loose(id))) this.#owners.set(loose(id), { id, where });
  }

  /** Records an id of a preset, or fails naming both holders when the id is taken. */
  preset(preset: string, id: unknown, where: string): void {
    if (typeof id !== "string") return;
    const first = this.#owners.get(loose(id));
    if (!first) {
      this.#owners.set(loose(id), { id, where });
      return;
    }
    const clash =
      first.id === id
        ? `the id "${id}" is used by both ${first.where} and ${where}`
        : `the ids "${first.id}" (${first.where}) and "${id}" (${where}) read alike`;
    mergeError(
      `Cannot merge preset "${preset}": ${clash}; ids name the rule that decided a call, so rename one of them`,
    );
  }
}
