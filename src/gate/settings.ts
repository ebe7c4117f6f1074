import type { MeterProvider } from "@opentelemetry/api";
import { ToolgateError } from "../errors.js";
import { type Clock, systemClock } from "../internal/clock.js";
import { ownMode } from "../internal/own-mode.js";
import type { Mode } from "../policy/decision.js";
import { parseDuration } from "../policy/duration.js";
import { memoryStore } from "../store/memory/index.js";
import type { Store } from "../store/types.js";
import type { GateOptions } from "./types.js";

/** A gate's settings, checked and with their defaults. */
export interface Settings {
  readonly store: Store;
  readonly clock: Clock;
  readonly rememberRejectionsMs: number;
  readonly maxAgents: number;
  readonly maxTools: number;
  readonly maxDelegationDepth: number;
  readonly mode: Mode;
  /** Undefined: follow the global provider. */
  readonly meterProvider: MeterProvider | undefined;
}

const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message: `createGate: ${message}` });

function count(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw invalid(`\`${name}\` must be a positive integer.`);
  return value as number;
}

/** Checks the options beyond the policy and approvers, and fills in the defaults. */
export function settingsOf(options: GateOptions): Settings {
  const { clock = systemClock, store, rememberRejections = "1h", caps = {}, meterProvider } = options;
  const mode = ownMode(options) ?? "enforce";
  if (typeof clock?.now !== "function" || typeof clock.wall !== "function") {
    throw invalid("`clock` must have now() (monotonic ms) and wall() (epoch ms).");
  }
  if (store !== undefined && (typeof store?.admit !== "function" || typeof store.settle !== "function")) {
    throw invalid("`store` must be a Store, such as memoryStore() or redisStore() from toolgate/redis.");
  }
  if (mode !== "enforce" && mode !== "shadow") throw invalid('`mode` must be "enforce" or "shadow".');
  if (meterProvider !== undefined && typeof meterProvider?.getMeter !== "function") {
    throw invalid("`meterProvider` must be an OpenTelemetry MeterProvider, such as the SDK's MeterProvider.");
  }
  const rememberRejectionsMs = rememberRejections === false ? 0 : parseDuration(rememberRejections);
  if (rememberRejectionsMs === undefined) {
    throw invalid('`rememberRejections` must be a duration such as "1h", or false.');
  }
  return {
    store: store ?? memoryStore({ clock }),
    clock,
    rememberRejectionsMs,
    maxAgents: count(caps.agents, "caps.agents", 50_000),
    maxDelegationDepth: count(caps.delegationDepth, "caps.delegationDepth", 8),
    maxTools: count(caps.tools, "caps.tools", 10_000),
    mode,
    meterProvider,
  };
}
