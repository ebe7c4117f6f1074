// One "replica": its own ioredis client, redisStore and gate, as a real deployment runs one per process.
// Used in-process, in worker threads and in child processes (fixtures/replica-process.ts), driven by commands.
import { Cluster, Redis } from "ioredis";
import { z } from "zod";
import { createGate, definePolicy, defineTool, isToolgateError, queueApprover } from "../../src/index.js";
import { redisStore } from "../../src/redis/index.js";

export interface ReplicaConfig {
  /** A standalone server, or (with `cluster`) unused. */
  readonly url: string;
  /** The nodes of a Redis Cluster to connect to instead. */
  readonly cluster?: readonly { host: string; port: number }[];
  /** The agent's name (the root of its limits). Default "bot". */
  readonly name?: string;
  readonly prefix: string;
  /** Stable agent id: a restarted replica rebuilds the same agent. */
  readonly agentId: string;
  readonly timeoutMs?: number;
  /** Moves this process's clocks (Date.now and performance.now) by this much: a replica whose clock is off. */
  readonly skewMs?: number;
}

export type Command =
  | { op: "burst"; tool: string; count: number }
  | { op: "call"; tool: string; input?: Record<string, unknown>; callId?: string; conversationId?: string }
  | { op: "suspend"; name: string; reason: string }
  | { op: "resume"; name: string }
  | { op: "suspended" };

export interface Outcome {
  ok: boolean;
  code?: string;
  message?: string;
}

export const policy = definePolicy({
  rules: [
    { id: "mail", tools: ["email.*", "web.*"], effect: "allow" },
    { id: "deploys", tools: ["deploy"], effect: "allow", approval: { approvers: ["owner"], timeout: "10m" } },
  ],
  limits: [{ id: "mail-rate", tools: ["email.send"], max: 10, window: "1h" }],
  flows: [
    {
      id: "untrusted-deploy",
      after: { tools: ["web.fetch"] },
      then: { tools: ["deploy"] },
      effect: "deny",
      window: "1h",
    },
  ],
});

/** Opens a replica. Every tool run is counted in Redis (`<prefix>:ran:<tool>`), so runs are counted across processes. */
export async function openReplica(config: ReplicaConfig) {
  const client = config.cluster
    ? new Cluster([...config.cluster], { redisOptions: { maxRetriesPerRequest: 1 } })
    : new Redis(config.url, { maxRetriesPerRequest: 1 });
  client.on("error", () => {}); // outages are what some tests are about; the store reports what matters
  const store = await redisStore({ client, prefix: config.prefix, timeoutMs: config.timeoutMs, onError: () => {} });
  const queue = queueApprover({ store });
  const gate = createGate({ policy, store, approvers: { owner: queue } });
  const agent = gate.agent({ name: config.name ?? "bot", owner: "team", id: config.agentId });
  const tool = (name: string) =>
    agent.guard(
      defineTool({
        name,
        input: z.object({ note: z.string().optional() }),
        execute: async () => ({ ran: await client.incr(`${config.prefix}:ran:${name}`) }),
      }),
    );
  const tools = new Map(["email.send", "email.read", "web.fetch", "deploy"].map((name) => [name, tool(name)]));
  const call = async (command: Extract<Command, { op: "call" }>): Promise<Outcome> => {
    const { callId, conversationId } = command;
    const result = await tools.get(command.tool)?.safeCall(command.input ?? {}, { callId, conversationId });
    if (!result || result.ok) return { ok: Boolean(result) };
    const { error } = result;
    return { ok: false, code: isToolgateError(error) ? error.code : "OTHER", message: error.message };
  };
  return {
    gate,
    store,
    queue,
    client,
    async handle(command: Command): Promise<unknown> {
      switch (command.op) {
        case "call":
          return call(command);
        case "burst": {
          const outcomes = await Promise.all(
            Array.from({ length: command.count }, () => call({ op: "call", tool: command.tool })),
          );
          return outcomes;
        }
        case "suspend":
          return gate.suspend({ name: command.name }, command.reason);
        case "resume":
          return gate.resume({ name: command.name });
        case "suspended":
          return store.suspensions.find(agent.members) !== undefined;
      }
    },
    async close() {
      await store.close();
      client.disconnect();
    },
  };
}

export type Replica = Awaited<ReturnType<typeof openReplica>>;
