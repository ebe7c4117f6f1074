import type { Cluster, Redis } from "ioredis";
import { ToolgateError } from "../errors.js";
import type { Connection } from "./connection.js";
import type { RedisSettings } from "./options.js";
import { within } from "./unavailable.js";

/** What the store hears: a handler per channel, and what to do after a (re)subscription, when messages may have been lost. */
export interface Hearing {
  readonly channels: Readonly<Record<string, (message: string) => void>>;
  readonly resync: () => void;
}

/**
 * The pub/sub connection. Messages are hints, not truth: after every reconnection the store re-reads what it
 * holds locally, and a lost connection is reported (admissions stay safe through the version check).
 */
export async function subscribe(
  settings: RedisSettings,
  connection: Connection,
  hearing: Hearing,
  setupMs: number,
): Promise<{ close(): Promise<void> }> {
  const owned = settings.subscriber === undefined;
  const subscriber: Redis | Cluster = settings.subscriber ?? (settings.client as Redis).duplicate();
  const channels = Object.keys(hearing.channels);
  let closing = false;
  const handlers = {
    message: (channel: string, message: string) => hearing.channels[channel]?.(message),
    error: () => {}, // reported through "end" and the admissions' version check; never an unhandled error event
    ready: () => {
      subscriber.subscribe(...channels).then(hearing.resync, (error: unknown) => connection.report(error, "pub/sub"));
    },
    end: () => {
      if (closing) return;
      const message =
        "toolgate/redis: the pub/sub connection closed and will not reconnect; suspensions now reach this replica " +
        "through each admission's version check and the periodic re-read only, and waiting approvals wake at the " +
        "re-read. Give the store a subscriber that reconnects (the default, client.duplicate(), does).";
      connection.report(new ToolgateError({ code: "STORE_UNAVAILABLE", message }));
    },
  };
  for (const [event, handler] of Object.entries(handlers)) subscriber.on(event, handler);
  await within(subscriber.subscribe(...channels), setupMs, "the pub/sub subscription");
  return {
    async close() {
      closing = true;
      for (const [event, handler] of Object.entries(handlers)) subscriber.off(event, handler);
      const leave = owned ? subscriber.quit() : subscriber.unsubscribe(...channels);
      await within(leave, settings.timeoutMs, "leaving pub/sub").catch(() => {
        if (owned) subscriber.disconnect();
      });
    },
  };
}
