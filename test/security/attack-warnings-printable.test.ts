// A process warning goes to a terminal. What toolgate warns about quotes others' text — a failing onAnomaly
// listener's message (which may carry the tool name a remote server chose), an audit sink's error (which may
// quote what a server or a file said) — so every warning is escaped: an escape sequence cannot retitle or
// clear the terminal, nor print a line that reads like another program's.
import { afterEach, expect, it, vi } from "vitest";
import { createLedger } from "../../src/index.js";
import { monitoredGate, tool } from "../monitors/gate.js";

// Controls (ESC, BEL, CR) and invisible formats (the right-to-left override): what must never reach a terminal.
const ACTIVE = /[\p{Cc}\p{Cf}]/u;
const HOSTILE = "\u001b]0;owned\u0007\u001b[2J\rnpm notice all good\u202e";

afterEach(() => {
  vi.restoreAllMocks();
});

const warned = () => {
  const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
  return () => warn.mock.calls.map(([message]) => String(message));
};

it("a failing onAnomaly listener's message is escaped in the warning", async () => {
  const messages = warned();
  const onAnomaly = () => {
    throw new Error(`listener broke on ${HOSTILE}`);
  };
  const { gate } = monitoredGate([{ id: "burst", kind: "rate", max: 1, window: "1m", action: "alert" }], {
    onAnomaly,
  });
  const guarded = gate.agent({ name: "bot", owner: "team" }).guard(tool("crm.read").tool);
  await guarded.call({});
  await guarded.call({});
  expect(messages()).toHaveLength(1);
  expect(messages()[0]).toContain("listener broke on \\u{1B}]0;owned");
  expect(messages()[0]).not.toMatch(ACTIVE);
});

it("an audit sink's error is escaped in the ledger's default warning", async () => {
  const messages = warned();
  const ledger = createLedger({
    sink: {
      head: () => {
        throw new Error(`the server said ${HOSTILE}`);
      },
      write: () => {},
    },
    retryDelays: [],
  });
  await ledger.ready;
  await ledger.close();
  expect(messages().some((message) => message.includes("the server said \\u{1B}]0;owned"))).toBe(true);
  for (const message of messages()) expect(message).not.toMatch(ACTIVE);
});
