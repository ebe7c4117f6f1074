// Many replicas on one Redis: three gates in worker threads share limits, a kill switch pressed in a fourth
// process stops all of them, an approval asked on one is answered by a separate "approval desk" process, and
// the inventory lists every agent any replica created.
// Run: npx tsx examples/replicas.ts   (uses REDIS_URL, or starts a redis-server on a free loopback port)

import { type ChildProcess, fork, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { Redis } from "ioredis";
import { createGate, definePolicy, defineTool, isToolgateError, queueApprover } from "toolgate";
import { redisStore } from "toolgate/redis";
import { z } from "zod";

const HERE = fileURLToPath(import.meta.url);
const TSX = ["--import", "tsx"];
const policy = definePolicy({
  rules: [
    { id: "mail", agents: ["support-bot"], tools: ["email.send"], effect: "allow" },
    {
      id: "refunds",
      agents: ["support-bot"],
      tools: ["refund.issue"],
      effect: "allow",
      approval: { approvers: ["owner"] },
    },
  ],
  limits: [{ id: "mail-rate", agents: ["support-bot"], tools: ["email.send"], max: 5, window: "1m" }],
});
const connect = (url: string) => redisStore({ client: new Redis(url), prefix: "toolgate-example" });
/** Every process runs the same policy, so each gate registers the approver it names (the shared queue). */
const gateOver = (store: Awaited<ReturnType<typeof connect>>) =>
  createGate({ policy, store, approvers: { owner: queueApprover({ store }) } });

/** A replica: its own gate and store; it answers "call" messages from the main thread. */
async function replica(url: string, n: number) {
  const store = await connect(url);
  const gate = gateOver(store);
  const agent = gate.agent({ name: "support-bot", owner: "team-support", id: `support-bot-${n}` });
  const tools = {
    "email.send": agent.guard(
      defineTool({ name: "email.send", input: z.object({ to: z.string() }), execute: () => "sent" }),
    ),
    "refund.issue": agent.guard(
      defineTool({
        name: "refund.issue",
        input: z.object({ amount: z.number() }),
        execute: ({ amount }) => `refunded ${amount}`,
      }),
    ),
  };
  parentPort?.on("message", async ({ id, tool, input }: { id: number; tool: keyof typeof tools; input: never }) => {
    const result = await tools[tool].safeCall(input);
    const error = !result.ok && isToolgateError(result.error) ? result.error : undefined;
    const text = result.ok
      ? `ok: ${result.value}`
      : `${error?.code ?? "failed"}: ${error?.decision?.reason ?? result.error.message}`;
    parentPort?.postMessage({ id, text });
  });
  parentPort?.postMessage({ ready: true });
}

/** The approval desk: approves the first pending request, from a process that shares only Redis. */
async function desk(url: string) {
  const store = await connect(url);
  const queue = queueApprover({ store });
  for (;;) {
    const [request] = await queue.pending();
    if (request) {
      console.log(
        `  desk (pid ${process.pid}): approving ${request.tool.name} ${JSON.stringify(request.input)} for ${request.agent.id}`,
      );
      await queue.resolve(request.id, { approved: true, by: "alice@example.com" });
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await store.close();
  process.exit(0);
}

/** The kill switch: suspends every instance of the name, on every replica, from its own process. */
async function killSwitch(url: string) {
  const gate = gateOver(await connect(url));
  await gate.suspend({ name: "support-bot" }, "kill switch pressed by the on-call engineer");
  console.log(`  kill switch (pid ${process.pid}): support-bot suspended`);
  await gate.store.close();
  process.exit(0);
}

const role = isMainThread ? process.argv[2] : "replica";
const url = isMainThread ? process.env.REDIS_URL : (workerData as { url: string }).url;
if (role === "replica") await replica(url as string, (workerData as { n: number }).n);
else if (role === "desk") await desk(url as string);
else if (role === "kill-switch") await killSwitch(url as string);
else await main();

async function main() {
  const redis = process.env.REDIS_URL ? { url: process.env.REDIS_URL, stop() {} } : await startRedis();
  process.once("exit", () => redis.stop()); // a failed run leaves no redis-server behind
  const workers = [1, 2, 3].map((n) => new Worker(HERE, { workerData: { url: redis.url, n }, execArgv: TSX }));
  await Promise.all(workers.map((worker) => new Promise((ready) => worker.once("message", ready))));
  let next = 0;
  const call = (worker: Worker, tool: string, input: unknown) =>
    new Promise<string>((resolve) => {
      const id = ++next;
      const onMessage = (message: { id: number; text: string }) => {
        if (message.id !== id) return;
        worker.off("message", onMessage);
        resolve(message.text);
      };
      worker.on("message", onMessage);
      worker.postMessage({ id, tool, input });
    });
  const run = (role: string) =>
    new Promise<void>((done) =>
      (fork(HERE, [role], { execArgv: TSX, env: { ...process.env, REDIS_URL: redis.url } }) as ChildProcess).once(
        "exit",
        () => done(),
      ),
    );

  console.log("1. Nine emails from three replicas; the limit (5 a minute) is shared:");
  for (const [i, worker] of workers.entries()) {
    for (let j = 0; j < 3; j++)
      console.log(`  replica ${i + 1}: ${await call(worker, "email.send", { to: `c${j}@example.com` })}`);
  }
  console.log("\n2. A refund asked on replica 2, answered by the approval desk (another process):");
  const refund = call(workers[1] as Worker, "refund.issue", { amount: 80 });
  await run("desk");
  console.log(`  replica 2: ${await refund}`);
  console.log("\n3. The kill switch, pressed in a fourth process, reaches every replica:");
  await run("kill-switch");
  for (const [i, worker] of workers.entries())
    console.log(`  replica ${i + 1}: ${await call(worker, "refund.issue", { amount: 1 })}`);

  console.log("\n4. The inventory, as any process sees it:");
  const gate = gateOver(await connect(redis.url));
  console.table(
    (await gate.inventory()).map((agent) => ({
      id: agent.id,
      owner: agent.owner,
      tools: agent.tools.join(", "),
      calls: agent.calls,
      allowed: agent.allowed,
      denials: agent.denials,
      suspended: agent.suspended ? agent.suspended.reason : "",
    })),
  );
  await gate.resume({ name: "support-bot" });
  await gate.store.close();
  await Promise.all(workers.map((worker) => worker.terminate()));
  redis.stop();
  process.exit(0);
}

/** A throwaway redis-server on a free loopback port, or instructions when there is none. */
async function startRedis(): Promise<{ url: string; stop(): void }> {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const child = spawn("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
  ]);
  await new Promise<void>((resolve, reject) => {
    child.once("error", () =>
      reject(
        new Error(
          "No redis-server found. Install one (apt-get install -y redis-server) or set REDIS_URL=redis://host:6379.",
        ),
      ),
    );
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("Ready to accept") && resolve());
  });
  console.log(`(started redis-server on 127.0.0.1:${port}; set REDIS_URL to use your own)\n`);
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill() };
}
