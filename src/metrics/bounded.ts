import { OTHER } from "./names.js";

/**
 * Keeps an attribute's distinct values to a cap: the first `cap` names a gate reports keep their own series, every
 * later one is reported as `other`. Tool names can come from a remote MCP server and agent names from host code
 * that makes agents per tenant; a backend should not pay a series for each.
 */
export class BoundedNames {
  readonly #seen = new Set<string>();
  readonly #cap: number;

  constructor(cap: number) {
    this.#cap = cap;
  }

  of(name: string): string {
    if (this.#seen.has(name)) return name;
    if (this.#seen.size >= this.#cap) return OTHER;
    this.#seen.add(name);
    return name;
  }
}
