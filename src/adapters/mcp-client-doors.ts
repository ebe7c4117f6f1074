// The ways besides callTool that an MCP Client (SDK 1.x or 2.x) can put a tools/call on the wire — its
// transport (as `transport` or `_transport`, which Protocol's own methods use when called on the guarded
// client), the streamed request API and the 1.x experimental tasks API (`experimental`, `_experimental`) —
// each closed: a tools/call there is refused. No run-time import of either SDK.
import { ToolgateError } from "../errors.js";
import { snapshot } from "../internal/snapshot.js";
import type { Door } from "./core/sealed.js";

const MAX_MESSAGE_BYTES = 16 * 1_048_576;

const refused = (path: string) =>
  new ToolgateError({
    code: "TOOL_DENIED",
    message: `guardClient: a tools/call sent through ${path} is not gated, so it is refused; call tools with callTool().`,
    decision: { effect: "deny", rule: "ungated-path", reason: `tools/call through ${path} bypasses the gate` },
  });

/** A message as plain data, read once: what is checked is what is sent. */
export function readMessage<T>(message: T): T {
  const taken = snapshot(message, MAX_MESSAGE_BYTES);
  if (!taken.ok) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: `guardClient: the message is not plain JSON (${taken.problem}).`,
    });
  }
  return taken.value as T;
}

const callsTool = (message: unknown): boolean =>
  Array.isArray(message)
    ? message.some(callsTool)
    : typeof message === "object" && message !== null && (message as { method?: unknown }).method === "tools/call";

/** The tool call a refused message carries (the first, in a batch), as far as it can be read: for the record. */
function calledTool(message: unknown): { name: unknown; args: unknown } {
  const call = (Array.isArray(message) ? message.find(callsTool) : message) as { params?: unknown } | undefined;
  const params = call?.params as { name?: unknown; arguments?: unknown } | undefined;
  return { name: params?.name, args: params?.arguments };
}

/** Records a side-door refusal on the gate (see `recordOutsideRefusal`); resolves once it is recorded. */
export type RecordRefused = (error: ToolgateError, call: { name: unknown; args: unknown }) => Promise<void>;

const rejected = (error: ToolgateError, message: unknown, record: RecordRefused) =>
  record(error, calledTool(message)).then(() => Promise.reject(error));

type Transport = { send: (message: unknown, ...rest: unknown[]) => Promise<void> } & Record<string, unknown>;

// What code may do with the client's transport besides `send`: none of these puts a JSON-RPC request on the wire.
const SAFE_METHODS = ["close", "setProtocolVersion", "terminateSession", "finishAuth"];
const SAFE_FIELDS = ["sessionId", "protocolVersion"];

/**
 * The transport as the guarded client shows it: a new object of the same class (`instanceof` holds) with its own
 * gated `send` and the safe methods bound to the real transport. Not a view of the real one: its class's own
 * `send`, called on it, finds none of the real transport's state, and nothing on it leads to the real transport.
 */
function gateTransport(transport: Transport, doors: DoorParts): Transport {
  let gated = doors.transports.get(transport);
  if (!gated) {
    const send = (message: unknown, ...rest: unknown[]) => {
      const read = readMessage(message);
      if (callsTool(read)) return rejected(refused("the client's transport"), read, doors.record);
      return transport.send(read, ...rest);
    };
    const shown: PropertyDescriptorMap = { send: { value: send, enumerable: true } };
    for (const name of SAFE_METHODS) {
      const method = transport[name];
      if (typeof method === "function") shown[name] = { value: method.bind(transport), enumerable: true };
    }
    for (const name of SAFE_FIELDS) shown[name] = { get: () => transport[name], enumerable: true };
    gated = Object.freeze(Object.create(Object.getPrototypeOf(transport), shown)) as Transport;
    doors.transports.set(transport, gated);
  }
  return gated;
}

type StreamRequest = (message: unknown, ...rest: unknown[]) => unknown;

// Streamed (task) tool calls cannot be gated call by call yet, so they are refused rather than sent ungated.
function refusedStream(path: string, message: unknown, record: RecordRefused): AsyncGenerator<never> {
  const refusal = refused(path);
  const recorded = record(refusal, calledTool(message)); // when it is asked for, not when (if) it is read
  return (async function* never(): AsyncGenerator<never> {
    yield* [];
    await recorded;
    throw refusal;
  })();
}

const streamGuard =
  (send: StreamRequest, path: string, record: RecordRefused): StreamRequest =>
  (message, ...rest) => {
    const read = readMessage(message);
    return callsTool(read) ? refusedStream(path, read, record) : send(read, ...rest);
  };

/** What the doors of one guarded client share: how refusals are recorded, and its gated transports. */
interface DoorParts {
  readonly record: RecordRefused;
  readonly transports: WeakMap<object, Transport>;
}

/** The params a caller passed `callToolStream`, read once as plain data if they can be (for the record only). */
function streamedCall(params: unknown): unknown {
  try {
    return readMessage({ method: "tools/call", params });
  } catch {
    return undefined;
  }
}

type Experimental = { tasks: { requestStream: StreamRequest } & Record<string, unknown> };

function experimentalGuard(experimental: Experimental, record: RecordRefused): Experimental {
  const tasks = experimental.tasks;
  const guardedTasks = new Proxy(tasks, {
    get: (target, key, receiver) => {
      const path = `experimental.tasks.${String(key)}`;
      if (key === "callToolStream") return (params: unknown) => refusedStream(path, streamedCall(params), record);
      if (key === "requestStream") return streamGuard(target.requestStream.bind(target) as StreamRequest, path, record);
      return Reflect.get(target, key, receiver);
    },
  });
  return new Proxy(experimental, {
    get: (target, key, receiver) => (key === "tasks" ? guardedTasks : Reflect.get(target, key, receiver)),
  });
}

const DOORS = new Set<PropertyKey>(["transport", "_transport", "requestStream", "experimental", "_experimental"]);

/** The gated stand-in for a side door of the client, or undefined when `key` is not one (or it has none). */
function sideDoor(client: object, key: PropertyKey, doors: DoorParts): unknown {
  if (key === "transport" || key === "_transport") {
    const transport = Reflect.get(client, key, client) as Transport | undefined;
    return transport && gateTransport(transport, doors);
  }
  if (key === "requestStream") {
    // Protected in the SDK's types, reachable at run time (the tasks API uses it): guarded all the same.
    const send = Reflect.get(client, key, client) as StreamRequest | undefined;
    return typeof send === "function" ? streamGuard(send.bind(client), "requestStream", doors.record) : undefined;
  }
  // `_experimental` is where the 1.x getter keeps its tasks API once made: bound to the real client.
  const experimental = Reflect.get(client, key, client) as Experimental | undefined;
  return experimental?.tasks ? experimentalGuard(experimental, doors.record) : undefined;
}

/**
 * The doors of a guarded client, for `sealed`: its own gated methods, and every side door of the real client
 * (its transport, streamed requests, the tasks API) gated — however they are reached. A tools/call refused at a
 * side door is recorded with `record`.
 */
export function clientDoors(
  client: object,
  gated: Record<PropertyKey, unknown>,
  record: RecordRefused,
): (key: PropertyKey) => Door | undefined {
  const doors: DoorParts = { record, transports: new WeakMap() };
  return (key) => {
    if (Object.hasOwn(gated, key)) return { value: gated[key] };
    return DOORS.has(key) ? { value: sideDoor(client, key, doors) } : undefined;
  };
}
