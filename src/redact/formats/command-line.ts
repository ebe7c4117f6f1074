import { type Family, type Hit, RANK } from "../hits.js";

// A password passed as an option on a command line: `curl -u admin:…`, `mysql -p…`, `sshpass -p …`. The same letter
// means other things to other commands (`-p` is a port to psql, ssh, redis-cli and `docker run`, `-P` one to mysql),
// so an option counts only on the line of the command that reads it so, as its manual has it. Long options named
// after a secret (`--password …`, `--token …`) are the assignment format's, whatever the command.
interface SecretOption {
  /** Reads the value glued to the option (`-pSECRET`, `--user=…`). */
  readonly attached: boolean;
  /** Reads the next word (`-p SECRET`). */
  readonly separate: boolean;
  /** The value is `user<separator>password` and only the password is hidden (curl's `user:password`). */
  readonly separator?: string;
}
type Options = ReadonlyMap<string, SecretOption>;
const GLUED_OR_NOT: SecretOption = { attached: true, separate: true };
const GLUED: SecretOption = { attached: true, separate: false };
const SEPARATE: SecretOption = { attached: false, separate: true };
const USER_PASSWORD: SecretOption = { attached: true, separate: true, separator: ":" };
// mysql reads a word after a bare `-p` as the database and prompts for the password; people write the password
// there all the same, so it is hidden too: `mysql -u root -p shop` shows `-p [REDACTED:password]`.
const PASSWORD_P: Options = new Map([["-p", GLUED_OR_NOT]]);
const PASSWORD_W: Options = new Map([["-w", GLUED_OR_NOT]]);
const PASSWORD_CAPITAL_P: Options = new Map([["-P", GLUED_OR_NOT]]);
const CURL: Options = new Map(["-u", "--user", "-U", "--proxy-user"].map((name) => [name, USER_PASSWORD]));

const named = (names: string, options: Options) => names.split(" ").map((name) => [name, options] as const);
const COMMANDS: ReadonlyMap<string, Options> = new Map([
  ["curl", CURL],
  ["smbclient", new Map([["-U", { attached: true, separate: true, separator: "%" }]])],
  ["redis-cli", new Map([["-a", GLUED_OR_NOT]])],
  ["valkey-cli", new Map([["-a", GLUED_OR_NOT]])],
  ["lftp", new Map([["-u", { attached: true, separate: true, separator: "," }]])],
  // openssl's options are words (`-kfile` is another option than `-k`): only the next word is the password.
  ["openssl", new Map(["-k", "-K"].map((name) => [name, SEPARATE]))],
  ["ssh-keygen", new Map(["-N", "-P"].map((name) => [name, GLUED_OR_NOT]))],
  ["rar", new Map([["-p", GLUED]])],
  ["7z", new Map([["-p", GLUED]])],
  ["7za", new Map([["-p", GLUED]])],
  ...named("sshpass", PASSWORD_P),
  ...named("docker-login podman-login nerdctl-login buildah-login", PASSWORD_P),
  ...named("mysql mysqldump mysqladmin mysqlimport mysqlshow mysqlcheck mysqlpump mysqlbinlog mysqlsh", PASSWORD_P),
  ...named("mariadb mariadb-dump mariadb-admin mariadb-import mariadb-show mariadb-check", PASSWORD_P),
  ...named("mongo mongosh mongodump mongorestore mongoexport mongoimport mongostat mongotop mongofiles", PASSWORD_P),
  ...named("ldapsearch ldapadd ldapmodify ldapdelete ldapwhoami ldappasswd ldapcompare ldapmodrdn", PASSWORD_W),
  ...named("sqlcmd bcp zip unzip", PASSWORD_CAPITAL_P),
]);

// The command's name as a word of its own (a path before it is allowed: `/usr/bin/mysql`, `C:\\…\\mysql.exe`), then a
// space; a registry login as two words (`docker login`: `docker run -p 8080:80` publishes a port). Windows names
// it in any case, with `.exe` and the closing quote of a path with spaces (`"C:\\Program Files\\…\\mysql.exe"`).
const NAMES = [...COMMANDS.keys()]
  .filter((name) => !name.endsWith("-login"))
  .sort((a, b) => b.length - a.length)
  .join("|");
const COMMAND = new RegExp(
  `(?<![A-Za-z0-9_.-])(?:(${NAMES})(?:\\.exe)?["']?|(docker|podman|nerdctl|buildah)[ \\t]{1,4}login)(?=[ \\t])`,
  "gi",
);
const SHELL_ENDS = new Set([..."\n\r;|&`"]);
const QUOTES = new Set([..."\"'"]);
const LINE_BREAKS = new Set([..."\n\r"]);
const isGap = (char: string) => char === " " || char === "\t";

/** Where a quote opened at `at` closes on its line (the index of the closing quote), or -1. */
function closingQuote(text: string, at: number, limit: number): number {
  const quote = text.charAt(at);
  for (let end = at + 1; end < limit; end++) {
    const char = text.charAt(end);
    if (char === quote) return end;
    if (char === "\n") return -1;
  }
  return -1;
}

/**
 * Where the word at `at` ends, as a shell reads it: at white space or a shell delimiter outside quotes and not
 * escaped by a backslash. A quote
 * inside the word runs to its closing quote (`--execute="SELECT 1; SELECT 2"`); one that does not close on its line
 * ends the word there, as it closes an outer quote (`bash -c "mysql -p…"`). A word that opens with a quote that
 * does not close runs to the line's end.
 */
function wordEnd(text: string, at: number, limit: number): number {
  let end = at;
  while (end < limit) {
    const char = text.charAt(end);
    if (QUOTES.has(char)) {
      const close = closingQuote(text, end, limit);
      if (close < 0) return end === at ? lineEnd(text, at, limit) : end;
      end = close + 1;
    } else if (char === "\\" && end + 1 < limit && !LINE_BREAKS.has(text.charAt(end + 1))) {
      // An escaped character is the word's own (`-pa\ b\&c` is `a b&c`); an escaped line break continues the line.
      end += 2;
    } else if (isGap(char) || SHELL_ENDS.has(char)) break;
    else end++;
  }
  return end;
}

function lineEnd(text: string, at: number, limit: number): number {
  let end = at;
  while (end < limit && text.charAt(end) !== "\n") end++;
  return end;
}

/** Past white space and line continuations (`\` at a line's end) from `at`. */
function skipGaps(text: string, at: number, limit: number): number {
  let next = at;
  for (;;) {
    while (next < limit && isGap(text.charAt(next))) next++;
    if (next >= limit || text.charAt(next) !== "\\") return next;
    const after = text.charAt(next + 1) === "\r" ? next + 2 : next + 1;
    if (text.charAt(after) !== "\n") return next;
    next = after + 1;
  }
}

/** The hit for a value from `start` to `end`: its quotes left out, and with a separator only what follows it. */
function hitOf(text: string, start: number, end: number, option: SecretOption): Hit | undefined {
  let from = start;
  let to = end;
  if (QUOTES.has(text.charAt(from))) {
    from++;
    if (to > from && text.charAt(to - 1) === text.charAt(start)) to--;
  }
  if (option.separator !== undefined) {
    const at = text.slice(from, to).indexOf(option.separator);
    if (at < 0) return undefined;
    from += at + 1;
  }
  return to > from ? { start: from, end: to, kind: "password", rank: RANK.keyName } : undefined;
}

/** The option `word` is (`-p`, `--user`), or the one it starts with, its value glued on (`-pSECRET`, `--user=…`). */
function optionOf(word: string, options: Options): { option: SecretOption; glued: number } | undefined {
  const exact = options.get(word);
  if (exact !== undefined) return { option: exact, glued: -1 };
  // Short options clustered (`curl -su admin:…`, `-ku`): the last one of the cluster reads the next word.
  const last = CLUSTER.test(word) ? options.get(`-${word.charAt(word.length - 1)}`) : undefined;
  if (last?.separate) return { option: last, glued: -1 };
  const equals = word.startsWith("--") ? word.indexOf("=") : -1;
  const name = word.startsWith("--") ? word.slice(0, Math.max(0, equals)) : word.slice(0, 2);
  const option = options.get(name);
  return option?.attached ? { option, glued: name.length + (equals > 0 ? 1 : 0) } : undefined;
}

const CLUSTER = /^-[A-Za-z]{2,8}$/;
// Longer than any option's name with `=`: only so much of a word is looked at to name its option.
const MAX_NAME = 24;

/** Reads the options of the command whose name ends at `at`, up to the end of the command; returns where it ended. */
function readOptions(text: string, at: number, options: Options, hits: Hit[]): number {
  // To the command's end however long (a `-d '<a JSON body>'` before `-u …`): the scan goes on after it, so each
  // character is read by one command at most, and a text is scanned up to 64 KiB.
  const limit = text.length;
  let word = skipGaps(text, at, limit);
  while (word < limit && !SHELL_ENDS.has(text.charAt(word))) {
    const end = Math.max(word + 1, wordEnd(text, word, limit));
    let next = skipGaps(text, end, limit);
    const found =
      text.charAt(word) === "-" ? optionOf(text.slice(word, Math.min(end, word + MAX_NAME)), options) : undefined;
    if (found !== undefined && found.glued >= 0) {
      const hit = hitOf(text, word + found.glued, end, found.option);
      if (hit !== undefined) hits.push(hit);
    } else if (
      found?.option.separate &&
      next < limit &&
      text.charAt(next) !== "-" &&
      !SHELL_ENDS.has(text.charAt(next))
    ) {
      const valueEnd = wordEnd(text, next, limit);
      const hit = hitOf(text, next, valueEnd, found.option);
      if (hit !== undefined) hits.push(hit);
      next = skipGaps(text, valueEnd, limit);
    }
    word = next;
  }
  return word;
}

/** Passwords given as options to the commands that read them so: `curl -u admin:…`, `mysql -p…`, `sshpass -p …`. */
export const commandLineFamily: Family = {
  name: "command-line",
  minLength: 8,
  patterns: [COMMAND, CLUSTER],
  find(text: string, hits: Hit[]): void {
    if (!text.includes(" -")) return;
    COMMAND.lastIndex = 0;
    for (let match = COMMAND.exec(text); match !== null; match = COMMAND.exec(text)) {
      const options = COMMANDS.get((match[1] ?? `${match[2]}-login`).toLowerCase());
      if (options === undefined) continue;
      const end = match.index + match[0].length;
      COMMAND.lastIndex = Math.max(COMMAND.lastIndex, readOptions(text, end, options, hits));
    }
  },
};
