// Redaction's cost per KiB scanned, beside JSON.stringify of the same value: clean prose (ASCII, Russian and
// Japanese), prose with secrets, a JSON tool input, and the worst hostile shapes of the linear-time tests (what a
// hostile caller can make toolgate pay, per KiB, up to the 64 KiB-per-string and 256 KiB-per-value caps).
// `BENCH_BASELINE=<git revision>` times that revision in the same run, interleaved, beside this build.
import { loadBaseline } from "./baseline.js";
import { duration, ratio, table } from "./format.js";
import { type Timing, timeInterleaved } from "./measure.js";
import type { ToolgateModule } from "./toolgate.js";

const PROSE =
  "The refund for order o-1842 was approved by alice@example.com on 2024-06-10; see /srv/app/logs/refunds.log " +
  "and https://docs.example.com/refunds#limits. Amounts over 100 EUR need the owner, trace 4bf92f3577b34da6. ";
// The same prose in scripts that take the non-ASCII paths (the decoded view, keys of other scripts), no key in it.
const PROSE_RU =
  "Возврат по заказу o-1842 одобрила alice@example.com 10.06.2024; подробности в /srv/app/logs/refunds.log, " +
  "правила: https://docs.example.com/refunds#limits. Суммы свыше 100 EUR требуют владельца, трасса 4bf92f3577b34da6. ";
const PROSE_JA =
  "注文 o-1842 の返金は 2024-06-10 に alice@example.com が承認しました。詳細は /srv/app/logs/refunds.log と " +
  "https://docs.example.com/refunds#limits を参照。100 EUR を超える金額は所有者の承認が必要です：トレース 4bf92f3577b34da6。";
const SECRETS = [
  "ghp_R8k2Lq9ZxW4vN7mB3cT6yH1jF5dG0sPaE2uK",
  "postgres://app:Xk9-mQ2vL7pR@db.internal:5432/app",
  "Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0",
  "card 4539 1488 0343 6467",
  "AKIAIOSFODNN7QWERTY23",
  "DB_PASSWORD=hunter2-but-longer",
];

const repeatTo = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

function withSecrets(bytes: number): string {
  let text = "";
  for (let i = 0; text.length < bytes; i++) text += `${PROSE}${SECRETS[i % SECRETS.length]}\n`;
  return text;
}

/** A tool input as an agent sends one: nested records, ids and hashes, a few secret-looking fields. */
function toolInput(records: number): unknown {
  return {
    requestId: "call_abc123def456_7",
    argsHash: "9c56cc51b374c3ba189210d5b6d4bf57790d351c96c47c02190ecf1e430635ab",
    auth: { apiKey: "k-123", user: "svc-refunds" },
    orders: Array.from({ length: records }, (_, i) => ({
      id: `o-${1800 + i}`,
      customer: { name: "Ann Example", email: "ann@example.com", tags: ["vip", "eu"] },
      lines: [{ sku: `SKU-${i}`, qty: 2, price: 19.99 }],
      note: i % 5 === 0 ? `retry with ${SECRETS[i % SECRETS.length]}` : "deliver after 5pm, ring twice",
      createdAt: "2024-06-10T10:30:00.000Z",
    })),
  };
}

const HOSTILE = ["gb82 ", "a=", "4 ", "eyJ_", "Bearer ", 'password="x\n', "ло: ", "пароль=a ", "は1234", "密码是abcd"];

/** The cases one build runs, each under `prefix` and its name. */
function casesOf(toolgate: ToolgateModule, prefix: string, texts: Record<string, string>, input: unknown) {
  const { redact, redactText } = toolgate;
  const cases: Record<string, () => unknown> = { [`${prefix}objectRedact`]: () => redact(input) };
  for (const [name, text] of Object.entries(texts)) cases[`${prefix}${name}`] = () => redactText(text);
  return cases;
}

/** Times each case (and the baseline's, when `BENCH_BASELINE` names one) and returns the report lines. */
export async function redactionReport(toolgate: ToolgateModule, rounds: number): Promise<string[]> {
  const revision = process.env.BENCH_BASELINE;
  const baseline = revision ? await loadBaseline(revision) : undefined;
  const clean = repeatTo(PROSE, 4096);
  const cleanRu = repeatTo(PROSE_RU, 4096);
  const cleanJa = repeatTo(PROSE_JA, 4096);
  const secret = withSecrets(4096);
  const input = toolInput(12);
  const inputKiB = JSON.stringify(input).length / 1024;
  const hostile = HOSTILE.map((unit) => repeatTo(unit, 65_536));
  const texts: Record<string, string> = { cleanRedact: clean, cleanRu, cleanJa, secretRedact: secret };
  hostile.forEach((text, i) => {
    texts[`hostile${i}`] = text;
  });
  const cases: Record<string, () => unknown> = {
    ...casesOf(toolgate, "", texts, input),
    ...(baseline ? casesOf(baseline.toolgate, "base:", texts, input) : {}),
    cleanStringify: () => JSON.stringify(clean),
    cleanRuStringify: () => JSON.stringify(cleanRu),
    cleanJaStringify: () => JSON.stringify(cleanJa),
    secretStringify: () => JSON.stringify(secret),
    objectStringify: () => JSON.stringify(input),
  };
  const t = (await timeInterleaved(cases, rounds, { minMs: 200 })) as Record<string, Timing>;
  const perKiB = (timing: Timing | undefined, kib: number) => (timing ? timing.p50 / kib : Number.NaN);
  const row = (label: string, kib: number, redacted: string, stringified: string): string[] => {
    const ours = perKiB(t[redacted], kib);
    const json = perKiB(t[stringified], kib);
    const cells = [label, `${kib.toFixed(1)} KiB`, duration(ours), duration(json), ratio(ours / json)];
    if (baseline)
      cells.push(duration(perKiB(t[`base:${redacted}`], kib)), ratio(ours / perKiB(t[`base:${redacted}`], kib)));
    return cells;
  };
  const kibOf = (text: string) => text.length / 1024;
  const hostileCosts = hostile.map((_, i) => perKiB(t[`hostile${i}`], 64));
  const worst = Math.max(...hostileCosts);
  const worstShape = JSON.stringify(HOSTILE[hostileCosts.indexOf(worst)]);
  const headers = ["", "size", "redaction / KiB", "JSON.stringify / KiB", "× stringify"];
  if (baseline) headers.push(`${baseline.commit} / KiB`, `× ${baseline.commit}`);
  const lines = [
    "REDACTION (per KiB scanned, p50; beside JSON.stringify of the same value)",
    table(headers, [
      row("redactText, clean prose", kibOf(clean), "cleanRedact", "cleanStringify"),
      row("redactText, clean Russian prose", kibOf(cleanRu), "cleanRu", "cleanRuStringify"),
      row("redactText, clean Japanese prose", kibOf(cleanJa), "cleanJa", "cleanJaStringify"),
      row("redactText, prose with a secret per line", kibOf(secret), "secretRedact", "secretStringify"),
      row("redact, a JSON tool input", inputKiB, "objectRedact", "objectStringify"),
    ]),
    `hostile 64 KiB texts (${HOSTILE.map((unit) => JSON.stringify(unit)).join(", ")} repeated): worst ${worstShape}, ` +
      `${duration(worst)} per KiB, so at most ${duration(worst * 256)} for the 256 KiB one value may have scanned`,
  ];
  if (baseline) {
    const shapes = HOSTILE.map((unit, i) => {
      const ours = hostileCosts[i] ?? Number.NaN;
      const base = perKiB(t[`base:hostile${i}`], 64);
      return `${JSON.stringify(unit)} ${duration(ours)} (${ratio(ours / base)})`;
    });
    lines.push(`hostile per KiB, beside ${baseline.commit}: ${shapes.join(", ")}`);
  }
  return lines;
}

// `npx tsx bench/redact.ts` runs this part alone.
if (process.argv[1]?.endsWith("bench/redact.ts")) {
  const { loadToolgate } = await import("./toolgate.js");
  const { toolgate, source } = await loadToolgate();
  console.log(`toolgate code: ${source}\n${(await redactionReport(toolgate, 3)).join("\n")}`);
}
