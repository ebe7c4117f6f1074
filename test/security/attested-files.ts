// The files server the one-use attestation attacks aim at, and the honest agent that attests its calls to it.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { type Mock, vi } from "vitest";
import { z } from "zod";
import { guardClient, guardServer, MCP_ATTESTATION_META_KEY } from "../../src/adapters/mcp.js";
import { createGate, definePolicy, generateAuditKey, type Store, type ToolgateError } from "../../src/index.js";
import { linkedClient } from "../adapters/fixtures/mcp.js";

const policy = definePolicy({ rules: [{ id: "files", agents: ["files-bot"], tools: ["*"], effect: "allow" }] });
const AUDIENCE = "files-server";
const clientKey = generateAuditKey();

/** What a `write_file` call answers. */
export type Result = { isError?: boolean; content?: { text: string }[] };

/** What the files servers saw: the paths written, the tokens that reached the tool, the refusals. */
export interface FilesSeen {
  readonly ran: Mock<(path: string) => void>;
  readonly tokens: string[];
  readonly refusals: ToolgateError[];
}

/** A fresh record of what the files servers saw. */
export const filesSeen = (): FilesSeen => ({ ran: vi.fn(), tokens: [], refusals: [] });

/** A files server on `store` that requires attestations, linked to a raw (hostile) client it gives back. */
export async function attestedFilesServer(store: Store, seen: FilesSeen): Promise<Client> {
  const gate = createGate({ policy, store });
  const bot = gate.agent({ name: "files-bot", owner: "team-files" });
  const mcp = new McpServer({ name: AUDIENCE, version: "1.0.0" });
  mcp.registerTool("write_file", { inputSchema: { path: z.string() } }, async ({ path }, extra) => {
    seen.ran(path);
    seen.tokens.push(extra._meta?.[MCP_ATTESTATION_META_KEY] as string);
    return { content: [{ type: "text" as const, text: `wrote ${path}` }] };
  });
  guardServer(mcp, {
    gate,
    identify: () => bot,
    onRefusal: (error) => seen.refusals.push(error),
    attestation: { publicKey: clientKey.publicKey, audience: AUDIENCE },
  });
  return (await linkedClient(mcp, "agent")).client;
}

/** The honest agent: files-bot on a gate holding the client's key, attesting each call on `raw` to the server. */
export function attestingClient(raw: Client) {
  const agentGate = createGate({ policy, audit: { signingKey: clientKey.privateKey } });
  return guardClient(agentGate.agent({ name: "files-bot", owner: "team-files" }), raw, {
    attestation: { audience: AUDIENCE },
  });
}
