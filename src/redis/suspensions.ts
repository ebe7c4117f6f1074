import { isoTime } from "../internal/clock.js";
import { type SuspensionChange, type SuspensionStore, targetKey } from "../store/suspensions.js";
import type { ChainMember, Suspension, SuspensionTarget } from "../store/types.js";
import type { Connection } from "./connection.js";
import type { KeyLayout } from "./keys.js";
import { LOAD_SUSPENSIONS, RESUME, SUSPEND } from "./scripts/suspensions.js";
import { type Held, parseSuspension, SuspensionView } from "./suspension-view.js";

const NEEDED = "the suspensions";

/**
 * Suspensions in Redis with a local view: `find` answers from it synchronously; pub/sub keeps it current, and
 * the version every change bumps is compared on each admission, so a replica that missed a message (or lost
 * its subscription) re-reads before it admits anything.
 */
export class RedisSuspensions implements SuspensionStore {
  readonly #view = new SuspensionView();
  readonly #connection: Connection;
  readonly #keys: readonly [string, string];
  readonly #channel: string;
  /** The version the view reflects; -1 when unknown (forces a re-read at the next check). */
  #version = -1;
  #newestHeard = -1;
  #reading: Promise<void> | undefined;
  #verifying: Promise<void> | undefined;
  /** Suspensions made here whose write has not been confirmed: a re-read keeps them in the view meanwhile. */
  readonly #unconfirmed = new Map<string, Held>();

  constructor(connection: Connection, keys: KeyLayout) {
    this.#connection = connection;
    this.#keys = [`${keys.suspensions}all`, `${keys.suspensions}v`];
    this.#channel = keys.channels.suspensions;
  }

  /** The key of the version, read beside every admission. */
  get versionKey(): string {
    return this.#keys[1];
  }

  find(chain: readonly ChainMember[]): Suspension | undefined {
    const found = this.#view.find(chain);
    // A refusal from the view is checked against the store in the background, so a lifted suspension whose
    // message was lost stops refusing at the next call instead of at the next refresh.
    if (found) this.#verify();
    return found;
  }

  async suspend(target: SuspensionTarget, reason: string): Promise<Suspension> {
    const suspension = Object.freeze({
      target: Object.freeze({ ...target }),
      reason,
      at: isoTime(this.#connection.wallHere()),
    });
    const key = targetKey(target);
    const held = { suspension, json: JSON.stringify(suspension) };
    this.#unconfirmed.set(key, held);
    this.#view.set(key, held); // bites at once, here, before Redis answers
    try {
      this.#advance(Number(await this.#connection.run(SUSPEND, this.#keys, [key, held.json, this.#channel], NEEDED)));
    } catch (error) {
      this.#version = -1;
      throw error;
    } finally {
      this.#unconfirmed.delete(key);
    }
    return suspension;
  }

  async resume(target: SuspensionTarget): Promise<boolean> {
    const key = targetKey(target);
    const lifted = (await this.#connection.run(RESUME, this.#keys, [key, this.#channel], NEEDED)) as
      | [number, string]
      | null;
    if (!lifted) {
      if (this.#view.get(key)) this.#version = -1; // the view held one the store does not: stale
      return false;
    }
    this.#view.delete(key);
    this.#advance(Number(lifted[0]));
    return true;
  }

  async list(): Promise<Suspension[]> {
    await this.reread();
    return this.#view.all();
  }

  subscribe(listener: (change: SuspensionChange) => void): () => void {
    return this.#view.subscribe(listener);
  }

  /** A change published by any replica (this one included): applied in order, or the view is re-read. */
  hear(message: string): void {
    const [version, suspended, key, json] = splitMessage(message);
    const held = json === undefined ? undefined : parseSuspension(json);
    if (!Number.isSafeInteger(version) || !key || !held) return void this.#stale();
    this.#newestHeard = Math.max(this.#newestHeard, version);
    if (this.#reading || version > this.#version + 1) return void this.#stale();
    if (version <= this.#version) return; // an echo of a change the view already has
    if (suspended) this.#view.set(key, held);
    else this.#view.delete(key);
    this.#version = version;
  }

  /** Compares the store's version with the view's: re-reads when they differ (any difference: a reset too). */
  check(stored: string | null): Promise<void> | undefined {
    return Number(stored ?? 0) === this.#version ? undefined : this.reread();
  }

  /** Reads every suspension and the version atomically, and becomes that; concurrent callers share one read. */
  reread(): Promise<void> {
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async #read(): Promise<void> {
    for (;;) {
      const [version, ...fields] = (await this.#connection.run(LOAD_SUSPENSIONS, this.#keys, [], NEEDED)) as string[];
      const next = new Map(this.#unconfirmed);
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const held = parseSuspension(fields[i + 1] as string);
        if (held) next.set(fields[i] as string, held);
      }
      this.#view.replace(next);
      this.#version = Number(version);
      if (this.#newestHeard <= this.#version) return; // nothing newer was published while we read
      this.#newestHeard = -1;
    }
  }

  #verify(): void {
    if (this.#verifying) return;
    const { client } = this.#connection;
    this.#verifying = this.#connection
      .command(() => client.get(this.versionKey), NEEDED)
      .then((stored) => this.check(stored))
      .catch((error: unknown) => this.#connection.report(error, NEEDED))
      .finally(() => {
        this.#verifying = undefined;
      });
  }

  #advance(version: number): void {
    if (version === this.#version + 1) this.#version = version;
    else if (version > this.#version) this.#stale();
  }

  #stale(): void {
    this.#version = -1;
    this.reread().catch((error: unknown) => this.#connection.report(error, NEEDED));
  }
}

function splitMessage(message: string): [number, boolean, string | undefined, string | undefined] {
  const parts = message.split("\n");
  return [Number(parts[0]), parts[1] === "1", parts[2], parts.slice(3).join("\n") || undefined];
}
