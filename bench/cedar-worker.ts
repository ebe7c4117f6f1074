// Runs in a worker thread: Cedar keeps preparsed policy sets in thread-local state, and a worker can be
// stopped if parsing runs past its budget. Its heap is also apart from the main thread's large policies.

import { performance } from "node:perf_hooks";
import { parentPort } from "node:worker_threads";
import { cedar, cedarRequest, expectCedar } from "./cedar-engine.js";
import { type Timing, time } from "./measure.js";
import { generatePolicy } from "./rules.js";

/** What the main thread asks for. */
export interface CedarJob {
  readonly size: number;
  /** Also time `isAuthorized`, which parses the whole policy text on every call. */
  readonly stateless: boolean;
}

/** What the worker answers: first `parsed`, then `measured` (or `failed`). */
export type CedarMessage =
  | { readonly type: "parsed"; readonly size: number; readonly parseMs: number }
  | {
      readonly type: "measured";
      readonly size: number;
      readonly hit: Timing;
      readonly miss: Timing;
      readonly statelessHit: Timing | undefined;
    }
  | { readonly type: "failed"; readonly size: number; readonly message: string };

const port = parentPort;
if (!port) throw new Error("cedar-worker.ts must run in a worker thread");

async function run({ size, stateless }: CedarJob): Promise<void> {
  const { cedar: policies, hit, miss } = generatePolicy(size);
  const id = `policies-${size}`;
  const started = performance.now();
  const parsed = cedar.preparsePolicySet(id, { staticPolicies: policies });
  if (parsed.type !== "success") throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
  port?.postMessage({ type: "parsed", size, parseMs: performance.now() - started } satisfies CedarMessage);

  const hitRequest = { ...cedarRequest(hit), preparsedPolicySetId: id };
  const missRequest = { ...cedarRequest(miss), preparsedPolicySetId: id };
  const statelessRequest = { ...cedarRequest(hit), policies: { staticPolicies: policies } };
  expectCedar(cedar.statefulIsAuthorized(hitRequest), hit, size);
  expectCedar(cedar.statefulIsAuthorized(missRequest), miss, size);
  if (stateless) expectCedar(cedar.isAuthorized(statelessRequest), hit, size);

  // A decision over 100k policies takes a good fraction of a second: a few samples say enough.
  const slow =
    size >= 50_000 ? { maxSamples: 6, minMs: 100 } : size >= 10_000 ? { maxSamples: 16, minMs: 200 } : { minMs: 300 };
  const message: CedarMessage = {
    type: "measured",
    size,
    hit: await time(() => cedar.statefulIsAuthorized(hitRequest), slow),
    miss: await time(() => cedar.statefulIsAuthorized(missRequest), slow),
    statelessHit: stateless
      ? await time(() => cedar.isAuthorized(statelessRequest), { maxSamples: 12, minMs: 200 })
      : undefined,
  };
  port?.postMessage(message);
}

port.on("message", (job: CedarJob) => {
  run(job).catch((error: unknown) => {
    port.postMessage({ type: "failed", size: job.size, message: String(error) } satisfies CedarMessage);
  });
});
