// A gate with monitors for the tests: a manual clock, the anomalies it reports, its ledger and its spans.
import { z } from "zod";
import {
  type Anomaly,
  type Approver,
  createGate,
  definePolicy,
  defineTool,
  type GateOptions,
  type MonitorDefinition,
  memorySink,
  memoryStore,
  type PolicyDefinition,
  type Store,
} from "../../src/index.js";
import { manualClock, memoryTracing } from "../helpers.js";

export const ALLOW_ALL: PolicyDefinition["rules"] = [{ id: "all", tools: ["*"], effect: "allow", approval: false }];

export interface MonitoredOptions extends Partial<Omit<GateOptions, "policy">> {
  rules?: PolicyDefinition["rules"];
  approval?: PolicyDefinition["approval"];
}

/** A gate whose policy allows every call and has these monitors. */
export function monitoredGate(monitors: MonitorDefinition[], options: MonitoredOptions = {}) {
  const clock = manualClock();
  const store: Store = options.store ?? memoryStore({ clock });
  const anomalies: Anomaly[] = [];
  const sink = memorySink();
  const tracing = memoryTracing();
  const { rules = ALLOW_ALL, approval, ...rest } = options;
  const gate = createGate({
    clock,
    store,
    tracerProvider: tracing.tracerProvider,
    audit: { sink },
    onAnomaly: (anomaly) => void anomalies.push(anomaly),
    ...rest,
    policy: definePolicy({ rules, monitors, ...(approval && { approval }) }),
  });
  /** The ledger's events of this name, once everything is written. */
  const events = async (name: string) => {
    await gate.close();
    return sink.lines.map((line) => JSON.parse(line)).filter((entry) => entry.kind === "event" && entry.name === name);
  };
  return { gate, clock, store, anomalies, sink, tracing, events };
}

/** A tool taking any of a few fields, recording what it ran with. */
export function tool(name: string, tags: string[] = []) {
  const ran: unknown[] = [];
  const defined = defineTool({
    name,
    tags,
    input: z.object({
      path: z.string().optional(),
      to: z.union([z.string(), z.array(z.string())]).optional(),
      n: z.number().optional(),
    }),
    execute: async (input) => {
      ran.push(input);
      return "done";
    },
  });
  return { tool: defined, ran };
}

/** An approver that answers as told and counts what it was asked. */
export function countingApprover(approved = true) {
  const asked: string[] = [];
  const approver: Approver = async (request) => {
    asked.push(request.reason);
    return { approved, by: "security@example.com" };
  };
  return { approver, asked };
}

/** The outcome of a call as a short word: what ran, and what refused it (code and rule). */
export async function outcome(call: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>) {
  const result = await call;
  if (result.ok) return "ran";
  const error = result.error as { code?: string; decision?: { rule?: string } };
  return `${error.code}:${error.decision?.rule}`;
}
