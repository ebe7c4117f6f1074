// An attestation proves one call to a downstream service: it must fail on a wrong key, past its expiry, with
// edited claims, for another tool or input, or when it is some other JWT.
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { type AttestationClaims, generateAuditKey, mintAttestation, verifyAttestation } from "../../src/index.js";

const key = generateAuditKey();
const other = generateAuditKey();
const T0 = Date.UTC(2025, 0, 1);
const at = (ms: number) => () => T0 + ms;
const claims: AttestationClaims = {
  agent: { id: "agt_1", name: "support-bot", owner: "team-support" },
  chain: ["agt_root", "agt_1"],
  tool: "refund.issue",
  argsHash: "a".repeat(64),
  decision: { effect: "allow", rule: "refunds" },
  callId: "call-1",
};
const mint = (options: Partial<Parameters<typeof mintAttestation>[1]> = {}) =>
  mintAttestation(claims, { privateKey: key.privateKey, ttl: "60s", now: at(0), ...options });

describe("attestations", () => {
  it("verify offline within their ttl, stating agent, chain, tool, argsHash and decision", async () => {
    const token = await mint({ audience: "payments-api" });
    const result = await verifyAttestation(token, key.publicKey, {
      tool: "refund.issue",
      argsHash: claims.argsHash,
      audience: "payments-api",
      now: at(59_000),
    });
    expect(result).toEqual({ ok: true, claims, expiresAt: new Date(T0 + 60_000) });
  });

  it("fail with another key", async () => {
    const result = await verifyAttestation(await mint(), other.publicKey, { now: at(1_000) });
    expect(result).toMatchObject({ ok: false, reason: "bad-signature" });
  });

  it("fail once expired, and when not valid yet", async () => {
    const token = await mint();
    expect(await verifyAttestation(token, key.publicKey, { now: at(60_000) })).toMatchObject({
      ok: false,
      reason: "expired",
    });
    expect(await verifyAttestation(token, key.publicKey, { now: at(-60_000) })).toMatchObject({
      ok: false,
      reason: "not-yet-valid",
    });
  });

  it("fail with edited claims (an amount's hash, a tool, an agent) even when the header is kept", async () => {
    const [header, payload, signature] = (await mint()).split(".") as [string, string, string];
    const decoded = JSON.parse(Buffer.from(payload, "base64url").toString());
    for (const edit of [
      (p: typeof decoded) => (p.toolgate.argsHash = "b".repeat(64)),
      (p: typeof decoded) => (p.toolgate.tool = "db.drop"),
      (p: typeof decoded) => (p.toolgate.chain = ["agt_1"]),
      (p: typeof decoded) => (p.exp += 3600),
    ]) {
      const edited = structuredClone(decoded);
      edit(edited);
      const token = `${header}.${Buffer.from(JSON.stringify(edited)).toString("base64url")}.${signature}`;
      expect(await verifyAttestation(token, key.publicKey, { now: at(1_000) })).toMatchObject({
        ok: false,
        reason: "bad-signature",
      });
    }
  });

  it("fail for another tool or other input than the call being checked", async () => {
    const token = await mint();
    expect(await verifyAttestation(token, key.publicKey, { tool: "refund.void", now: at(1) })).toMatchObject({
      ok: false,
      reason: "wrong-tool",
    });
    expect(await verifyAttestation(token, key.publicKey, { argsHash: "c".repeat(64), now: at(1) })).toMatchObject({
      ok: false,
      reason: "wrong-args",
    });
  });

  it("fail for a JWT that is not a toolgate attestation, unsigned or garbage", async () => {
    const jwt = await new SignJWT({ toolgate: claims, sub: "agt_1" })
      .setProtectedHeader({ alg: "EdDSA" })
      .setIssuedAt(T0 / 1000)
      .setExpirationTime(T0 / 1000 + 60)
      .sign((await import("node:crypto")).createPrivateKey(key.privateKey));
    expect(await verifyAttestation(jwt, key.publicKey, { now: at(1) })).toMatchObject({
      ok: false,
      reason: "wrong-type",
    });
    const [, payload] = (await mint()).split(".");
    const none = `${Buffer.from('{"alg":"none","typ":"toolgate-attestation+jwt"}').toString("base64url")}.${payload}.`;
    expect(await verifyAttestation(none, key.publicKey, { now: at(1) })).toMatchObject({ ok: false });
    expect(await verifyAttestation("not.a.token", key.publicKey, { now: at(1) })).toMatchObject({
      ok: false,
      reason: "malformed",
    });
  });

  it("refuse to mint a long-lived attestation, or with a key that is not Ed25519", async () => {
    await expect(mint({ ttl: "2h" })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringMatching(/at most 1h/),
    });
    await expect(mint({ privateKey: key.publicKey })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});
