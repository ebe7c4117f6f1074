// Tool names that say "delete, edit or switch off the logs": a backstop for tools nobody tagged `audit-tamper`.
// Restricting globs (deny rules and flows) read names case-insensitively and loosely, so `Logs.Delete` and
// `ＬＯＧＳ.delete` count too. A word must start the name or follow a separator (`.`, `_`, `/`, `:`, `-`, a
// space), so `catalog.delete` and `blog.remove` do not count; a camel-case verb and noun must end the name or
// meet a separator (`deleteLogs`, not `deleteLoginAttempts`). Words may stand between the verb and the noun
// (`delete_workflow_run_logs`, `audit_log_entries.delete`) when the far one is a whole word. No list of names
// is complete: the tag is the contract.
const SEP = "[._/: -]";
const START = `{,*${SEP}}`;
const END = `{,${SEP}*}`;
const NOUN =
  "{log,logs,logging,audit,auditlog,auditlogs,trail,trails,cloudtrail,ledger,journal,eventlog,eventlogs,syslog}";
const VERB =
  "{delete,remove,rm,purge,truncate,clear,wipe,erase,drop,shred,vacuum,disable,stop,edit,rewrite,destroy,prune,expunge}";
const CAMEL_NOUN =
  "{log,logs,logging,loggroup,logstream,logfile,logfiles,audit,auditlog,auditlogs,trail,trails,ledger,journal,eventlog}";

/** Globs of tool names that tamper with logs or the audit trail (`logs.delete`, `purge_audit`, `stopLogging`). */
export const AUDIT_TAMPER_NAMES: readonly string[] = Object.freeze([
  `${START}${NOUN}${SEP}${VERB}*`,
  `${START}${VERB}${SEP}${NOUN}*`,
  `${START}${VERB}${CAMEL_NOUN}${END}`,
  `${START}${CAMEL_NOUN}${VERB}${END}`,
  `${START}${VERB}${SEP}*${SEP}${NOUN}${END}`,
  `${START}${NOUN}${SEP}*${SEP}${VERB}${END}`,
]);
