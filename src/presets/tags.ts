/**
 * The conventional tags the presets select on. Give a tool every tag that fits, in `defineTool({ tags })` or
 * an adapter's `tags` option: the tool's author knows what it does, and the presets read nothing else (a
 * tool's name is only a backstop for the audit trail). Tags are matched loosely — `Untrusted`, ` untrusted`
 * and `ｕｎｔｒｕｓｔｅｄ` all count — and a gate never lets a tool's definition drop a tag it had.
 *
 * @example
 * ```ts
 * const readMail = defineTool({
 *   name: "email.read",
 *   input: z.object({ folder: z.string() }),
 *   tags: [TAGS.untrusted, TAGS.sensitive], // anyone can write to an inbox, and it is private
 *   execute: async ({ folder }) => [`mail in ${folder}`],
 * });
 * ```
 */
export const TAGS = Object.freeze({
  /**
   * Its result carries text from outside your trust boundary, which can steer the model: an email, a web
   * page, a ticket, a chat message, an uploaded file, a third party's tool or MCP server.
   */
  untrusted: "untrusted",
  /**
   * It reads private data: customer records, an inbox, files from disk or a repository ("file extraction"),
   * secrets, internal documents.
   */
  sensitive: "sensitive",
  /** It sends data where you no longer control it: email, chat, HTTP to any host, uploads, webhooks. */
  egress: "egress",
  /** It changes what runs in production: a deploy, a release, a merge to the main branch, an infra apply. */
  deploy: "deploy",
  /** It deletes or overwrites what cannot be restored cheaply: files, tables, buckets, branches, backups. */
  destructive: "destructive",
  /** It deletes, edits, truncates or switches off logs, traces or the audit trail. */
  auditTamper: "audit-tamper",
} as const);

/**
 * One of the conventional tags of {@link TAGS}.
 *
 * @example
 * ```ts
 * const tag: ConventionalTag = "audit-tamper";
 * ```
 */
export type ConventionalTag = (typeof TAGS)[keyof typeof TAGS];
