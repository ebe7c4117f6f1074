// An "approval desk": a separate store and queue over the same Redis, answering what replicas ask.
import { Redis } from "ioredis";
import { expect } from "vitest";
import { queueApprover } from "../../src/index.js";
import { redisStore } from "../../src/redis/index.js";

export async function openDesk(url: string, prefix: string) {
  const client = new Redis(url);
  const store = await redisStore({ client, prefix });
  const queue = queueApprover({ store });
  return {
    queue,
    client,
    /** The pending requests once there are `count` of them. */
    async pending(count: number) {
      await expect.poll(async () => (await queue.pending()).length, { timeout: 30_000, interval: 20 }).toBe(count);
      return queue.pending();
    },
    /** How many times `tool` ran, across every replica. */
    ran: async (tool: string) => Number((await client.get(`${prefix}:ran:${tool}`)) ?? 0),
    async close() {
      await store.close();
      client.disconnect();
    },
  };
}
