import type { AdmitRequest } from "../store/types.js";
import { part, rootKeys } from "./keys.js";

/** How long an unsettled ticket (and its provisional marks) is kept: its longest window, a minute at least. */
const MIN_TICKET_MS = 60_000;

/**
 * What a window with no end (a flow without `window`) is in Redis: a TTL must be an integer, and Lua prints a
 * number of more than 14 digits in exponent form. A century outlives any deployment.
 */
const FOREVER_MS = 100 * 365.25 * 24 * 3_600_000;

/** A window in whole milliseconds Redis can hold (at least 1, at most a century). */
export const ms = (value: number) => Math.max(1, Math.ceil(Math.min(value, FOREVER_MS)));

/** The ADMIT script's arguments for one request (see scripts/admit.ts for the layout). */
export function admissionArgs(
  request: AdmitRequest,
  base: string,
  now: string,
  versionKey: string,
  denialCap: number,
): (string | number)[] {
  const { limits, flows, approval } = request;
  let longest = MIN_TICKET_MS;
  const args: (string | number)[] = [base, part(request.ticket), now, request.dryRun ? "1" : "0", 0, versionKey];
  args.push(limits.length);
  for (const draw of limits) {
    args.push(draw.id, `${part(draw.id)}:${part(draw.key)}`, draw.max, ms(draw.windowMs));
    longest = Math.max(longest, ms(draw.windowMs));
  }
  if (flows) {
    const { conversation } = flows;
    args.push("1", conversation === undefined ? "0" : "1", conversation === undefined ? "" : part(conversation));
    args.push(part(flows.tool), flows.read.length);
    for (const read of flows.read) {
      args.push(part(read.id), read.id, read.scope === "agent" ? "a" : "c", ms(read.windowMs));
    }
    args.push(flows.mark.length);
    for (const mark of flows.mark) {
      args.push(part(mark.id), ms(mark.windowMs));
      longest = Math.max(longest, ms(mark.windowMs));
    }
  } else args.push("0");
  if (approval) {
    const { grants, denial, denials } = rootKeys;
    args.push(
      "1",
      grants(approval.agentId, approval.tool),
      denial(approval.tool, approval.argsHash),
      denials,
      denialCap,
    );
  } else args.push("0");
  args[4] = longest;
  return args;
}

/** True when the admission writes (so a refused call's admission has to be undone). */
export const writes = (request: AdmitRequest): boolean =>
  !request.dryRun && (request.limits.length > 0 || (request.flows?.mark.length ?? 0) > 0);

/** True when the admission needs the script at all (otherwise only the suspension version is read). */
export const scripted = (request: AdmitRequest): boolean =>
  request.limits.length > 0 || request.flows !== undefined || request.approval !== undefined;
