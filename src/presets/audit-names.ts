// Tool names that say "delete, edit or switch off the logs": a backstop for tools nobody tagged `audit-tamper`.
// Restricting globs (deny rules and flows) read names case-insensitively and loosely, so `Logs.Delete` and
// `ＬＯＧＳ.delete` count too. A word must start the name or follow a separator (`.`, `_`, `/`, `:`, `-`), so
// `catalog.delete` and `blog.remove` do not count; a camel-case verb and noun must end the name or meet a
// separator (`deleteLogs`, not `deleteLoginAttempts`). No list of names is complete: the tag is the contract.
const SEP = "[._/:-]";
const START = `{,*${SEP}}`;
const NOUN = "{log,logs,logging,audit,auditlog,auditlogs,trail,trails,cloudtrail,ledger,journal}";
const VERB = "{delete,remove,rm,purge,truncate,clear,wipe,erase,drop,shred,vacuum,disable,stop,edit,rewrite}";
const CAMEL_NOUN = "{log,logs,logging,loggroup,logstream,audit,auditlog,auditlogs,trail,ledger,journal}";

/** Globs of tool names that tamper with logs or the audit trail (`logs.delete`, `purge_audit`, `stopLogging`). */
export const AUDIT_TAMPER_NAMES: readonly string[] = Object.freeze([
  `${START}${NOUN}${SEP}${VERB}*`,
  `${START}${VERB}${SEP}${NOUN}*`,
  `${START}${VERB}${CAMEL_NOUN}{,${SEP}*}`,
]);
