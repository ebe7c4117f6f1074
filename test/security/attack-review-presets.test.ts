// Review attacks on the presets: untagged log deletions named the way real tools name them (GitHub's MCP server
// ships `delete_workflow_run_logs`), words between the verb and the noun, a noun-verb camel case, a doubled
// separator, a space, verbs the list lacked. The safe outcome: the audit-trail preset refuses them, tagged or
// not, and names that only look like log deletion still run.
import { describe, expect, it } from "vitest";
import { compileGlob } from "../../src/policy/glob.js";
import { AUDIT_TAMPER_NAMES } from "../../src/presets/audit-names.js";
import { world } from "../presets/world.js";

const NAMED_LIKE_LOG_DELETION = [
  "delete_workflow_run_logs", // github-mcp-server
  "mcp__github__delete_workflow_run_logs", // the same, as Claude Code prefixes it
  "delete_old_logs",
  "purge-all-audit-logs",
  "clear_event_log",
  "Clear-EventLog",
  "audit_log_entries.delete",
  "logs__delete",
  "logsDelete",
  "auditLogPurge",
  "deleteLogFiles",
  "deleteTrails",
  "logs.prune",
  "logs.destroy",
  "syslog.clear",
  "logs delete",
];

describe("untagged log deletions named as real tools name them are refused", () => {
  it.each(NAMED_LIKE_LOG_DELETION)("%s never runs", async (name) => {
    const w = world();
    const outcome = await w.call(w.agent(), w.tool(name), "c1");
    expect(outcome).toMatchObject({ outcome: "TOOL_DENIED", rule: "audit-trail.by-name" });
    expect(w.ran).toEqual([]);
  });

  it("the same globs are the seed chain's no-cover-up names", () => {
    const globs = AUDIT_TAMPER_NAMES.map((pattern) => compileGlob(pattern, true));
    for (const name of NAMED_LIKE_LOG_DELETION)
      expect(
        globs.some((glob) => glob.test(name)),
        name,
      ).toBe(true);
  });
});

describe("held: what only looks like log deletion still runs", () => {
  it.each([
    "catalog.delete",
    "blog.remove",
    "login.clear",
    "deleteLoginAttempts",
    "changelog.edit",
    "delete_blog_posts",
    "remove_catalog_items",
    "clear_backlog",
    "logs.list",
    "delete_dialogs",
  ])("%s runs", async (name) => {
    const w = world();
    const outcome = await w.call(w.agent(), w.tool(name), "c1");
    expect(outcome.outcome).toBe("ran");
  });

  it("a tag spelled oddly still selects (case, width)", async () => {
    for (const tag of ["AUDIT-TAMPER", "ａｕｄｉｔ-ｔａｍｐｅｒ"]) {
      const w = world();
      const outcome = await w.call(w.agent(), w.tool("history.rewrite", [tag]), "c1");
      expect(outcome, tag).toMatchObject({ outcome: "TOOL_DENIED", rule: "audit-trail.tagged" });
      expect(w.ran).toEqual([]);
    }
  });
});
