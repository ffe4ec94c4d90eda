import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fingerprintKeyFromSeed, fingerprintSecret, isFingerprint } from "@/lib/server/credentials/fingerprint-secret";

describe("secret fingerprints", () => {
  const seed = randomBytes(32);
  const key = fingerprintKeyFromSeed(seed);

  it("is HMAC-SHA256 under a key derived with HKDF (info authpulse-fingerprint-v1), as 64 hex characters", () => {
    const derived = Buffer.from(hkdfSync("sha256", seed, Buffer.alloc(0), "authpulse-fingerprint-v1", 32));
    const expected = createHmac("sha256", derived).update("sk_live_abc", "utf8").digest("hex");
    expect(fingerprintSecret(key, "sk_live_abc")).toBe(expected);
    expect(isFingerprint(expected)).toBe(true);
  });

  it("is deterministic for one seed, differs between secrets and between installations", () => {
    expect(fingerprintSecret(fingerprintKeyFromSeed(Buffer.from(seed)), "secret-a")).toBe(fingerprintSecret(key, "secret-a"));
    expect(fingerprintSecret(key, "secret-a")).not.toBe(fingerprintSecret(key, "secret-b"));
    expect(fingerprintSecret(fingerprintKeyFromSeed(randomBytes(32)), "secret-a")).not.toBe(fingerprintSecret(key, "secret-a"));
  });

  it("is not a plain hash of the secret (a database dump alone cannot confirm a guess)", () => {
    const plain = createHmac("sha256", Buffer.alloc(0)).update("secret-a").digest("hex");
    expect(fingerprintSecret(key, "secret-a")).not.toBe(plain);
    expect(isFingerprint("not-a-fingerprint")).toBe(false);
    expect(isFingerprint("A".repeat(64))).toBe(false);
  });
});
