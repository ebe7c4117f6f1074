// Replicas in worker threads and child processes, driven like in-process ones.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Command, ReplicaConfig } from "./replica.js";

const SCRIPT = fileURLToPath(new URL("./fixtures/replica-process.ts", import.meta.url));
const TSX = ["--import", "tsx"];

/** A replica running elsewhere: `handle` sends a command and resolves with its reply. */
export interface RemoteReplica {
  handle(command: Command): Promise<unknown>;
  /** A child process only: SIGKILL, nothing cleaned up. */
  kill(): void;
  close(): Promise<void>;
}

type Reply = { ready?: true; id?: number; reply?: unknown; error?: string };
type Port = { send(message: unknown): void; on(listener: (message: Reply) => void): void };

function drive(port: Port, stop: () => Promise<unknown>, kill: () => void): Promise<RemoteReplica> {
  let next = 0;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  return new Promise((ready, failed) => {
    port.on((message) => {
      if (message.ready) return ready({ handle, kill, close: async () => void (await stop()) });
      const pending = waiting.get(message.id ?? -1);
      waiting.delete(message.id ?? -1);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.reply);
    });
    const handle = (command: Command) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { resolve, reject });
        port.send({ id, command });
      });
    setTimeout(() => failed(new Error("the replica did not start within 30 s")), 30_000).unref();
  });
}

export function inWorker(config: ReplicaConfig): Promise<RemoteReplica> {
  const worker = new Worker(SCRIPT, { workerData: config, execArgv: TSX });
  const port = {
    send: (message: unknown) => worker.postMessage(message),
    on: (listener: (message: Reply) => void) => worker.on("message", listener),
  };
  return drive(
    port,
    () => worker.terminate(),
    () => void worker.terminate(),
  );
}

export function inChild(config: ReplicaConfig): Promise<RemoteReplica> {
  const child = fork(SCRIPT, [], {
    execArgv: TSX,
    env: { ...process.env, REPLICA_CONFIG: JSON.stringify(config) },
    stdio: "inherit",
  });
  const port = {
    send: (message: unknown) => child.send(message as never),
    on: (listener: (message: Reply) => void) => child.on("message", listener),
  };
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return drive(
    port,
    () => {
      child.kill("SIGTERM");
      return exited;
    },
    () => child.kill("SIGKILL"),
  );
}
