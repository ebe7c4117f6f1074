// Rule ids of a generated policy: readable (`support-bot-refund-issue`), and distinct even in the loose reading
// loadPolicy compares ids in (letters and digits only, case-folded), since they are plain ASCII.

const RESERVED = [
  "defaultdeny",
  "suspended",
  "delegation",
  "invalidinput",
  "policyerror",
  "aborted",
  "pipeline",
  "none",
  "shadowmode",
];

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48) || "x";

/** Hands out ids: the agent's and the tool's names in slug form, numbered when two would read alike. */
export class RuleIds {
  readonly #taken = new Set<string>(RESERVED);

  next(agent: string, what: string): string {
    const base = `${slug(agent)}-${slug(what)}`;
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      const skeleton = id.replace(/[^a-z0-9]/g, "");
      if (this.#taken.has(skeleton)) continue;
      this.#taken.add(skeleton);
      return id;
    }
  }
}
