import { createHmac, type KeyObject, randomBytes, randomUUID, sign, timingSafeEqual, verify } from "node:crypto";
import { ToolgateError } from "../errors.js";

/**
 * The key that signs the `requestState` of a multi round-trip tool call: an HMAC secret of at least 32 bytes,
 * or an Ed25519 key pair. Every replica that may receive a retried leg needs it.
 *
 * @example
 * ```ts
 * const requestState: RequestStateKey = { key: process.env.MCP_STATE_KEY ?? "" };
 * ```
 */
export type RequestStateKey = { key: string | Uint8Array } | { privateKey: KeyObject; publicKey: KeyObject };

/** What toolgate keeps between the legs of one call, signed, in the `requestState` the client echoes. */
export interface LegState {
  readonly kind: "approval" | "continue";
  /** The call across its legs, and the leg this state continues. */
  readonly callId: string;
  readonly leg: number;
  readonly agentId: string;
  readonly tool: string;
  readonly argsHash: string;
  readonly conversationId: string | null;
  /** The tool's own `requestState`, as it returned it. */
  readonly inner: string | null;
  /** Who approved the call in an earlier leg (through this server's elicitation approval). */
  readonly approvedBy: string | null;
  readonly exp: number;
  readonly nonce: string;
}

const PREFIX = "tgs1";
const invalid = (message: string) =>
  new ToolgateError({ code: "INVALID_ARGUMENT", message: `guardServer: ${message}` });

function signer(key: RequestStateKey | undefined): {
  sign: (body: string) => Buffer;
  verify: (body: string, mac: Buffer) => boolean;
} {
  if (key && "privateKey" in key) {
    if (key.privateKey?.asymmetricKeyType !== "ed25519" || key.publicKey?.asymmetricKeyType !== "ed25519") {
      throw invalid("`requestState` keys must be an Ed25519 KeyObject pair.");
    }
    return {
      sign: (body) => sign(null, Buffer.from(body), key.privateKey),
      verify: (body, s) => verify(null, Buffer.from(body), key.publicKey, s),
    };
  }
  const secret = key ? Buffer.from(key.key) : randomBytes(32); // one process serves every leg without a key
  if (secret.length < 32) throw invalid("`requestState.key` must be at least 32 bytes.");
  const mac = (body: string) => createHmac("sha256", secret).update(body).digest();
  return { sign: mac, verify: (body, given) => given.length === 32 && timingSafeEqual(mac(body), given) };
}

/**
 * Mints and opens signed leg states. Expiry is on the wall clock (the state crosses processes), `ttlMs` after
 * minting; a state is opened once (a replayed leg is refused here; approvals are also used once in the store).
 */
export function legStates(key: RequestStateKey | undefined, ttlMs: number) {
  const keys = signer(key);
  const used = new Map<string, number>();
  return {
    mint(state: Omit<LegState, "exp" | "nonce">): string {
      const body = Buffer.from(JSON.stringify({ ...state, exp: Date.now() + ttlMs, nonce: randomUUID() })).toString(
        "base64url",
      );
      return `${PREFIX}.${body}.${keys.sign(body).toString("base64url")}`;
    },
    /** The state in `token`, verified and fresh, or `undefined` for anything else (forged, expired, replayed). */
    open(token: unknown): LegState | undefined {
      if (typeof token !== "string" || token.length > 65_536) return undefined;
      const [prefix, body, mac, extra] = token.split(".");
      if (prefix !== PREFIX || !body || !mac || extra !== undefined) return undefined;
      if (!keys.verify(body, Buffer.from(mac, "base64url"))) return undefined;
      let state: LegState;
      try {
        state = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as LegState;
      } catch {
        return undefined;
      }
      const now = Date.now();
      if (
        typeof state?.exp !== "number" ||
        state.exp <= now ||
        typeof state.nonce !== "string" ||
        used.has(state.nonce)
      )
        return undefined;
      for (const [nonce, exp] of used) if (exp <= now) used.delete(nonce);
      used.set(state.nonce, state.exp);
      return state;
    },
  };
}
