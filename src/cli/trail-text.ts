import type { Colors } from "./io.js";
import type { StreamAuditReport } from "./verify/stream-verifier.js";

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** The number of breaks, listed and counted past the list. */
export const breakCount = (report: StreamAuditReport) => report.breaks.length + report.omitted.breaks;

/** One line on how far the trail a command read can be trusted. */
export function verificationLine(report: StreamAuditReport, files: readonly string[], c: Colors): string {
  if (!report.ok) {
    const verify = `toolgate audit verify ${files.join(" ")}`;
    return c.red(
      `the trail does not verify: ${plural(breakCount(report), "break")} (run \`${verify}\`); what it shows may not be what ran`,
    );
  }
  const signed = report.chains.length > 0 && report.chains.every((chain) => chain.signedThrough !== undefined);
  return signed
    ? c.green("the trail verifies, its checkpoints signed")
    : c.yellow("the trail's hash chain verifies (no --public-key: checkpoint signatures not checked)");
}

const SHOWN_TOOLS = 3;

/** The first tools of an agent, then how many more (`others`: tools known by count only). */
export function toolList(names: readonly string[], others = 0): string {
  const more = names.length - SHOWN_TOOLS + others;
  return names.slice(0, SHOWN_TOOLS).join(", ") + (more > 0 ? ` +${more}` : "");
}
