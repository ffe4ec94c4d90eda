import "server-only";
import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import type { ServiceContext } from "../context";
import type { Db } from "../db";
import { aadFor } from "../vault/aad";
import type { Keyring } from "../vault/keyring";
import { open, seal } from "../vault/seal";

// Decision: fingerprints use a dedicated key, not one derived from a master key. `npm run
// keys:rotate -- retire` removes old master keys (k1 included) from the key file, so a key
// derived from k1 would vanish and every stored fingerprint would stop matching. Instead a
// random 256-bit seed is created once per installation, stored in fingerprint_keys sealed
// under the master keyring (so keys:rotate rewraps it like any secret), and the HMAC key is
// HKDF-SHA256(seed, empty salt, info "authpulse-fingerprint-v1"). Fingerprints therefore stay
// stable across every version of the key file. A new scheme gets a new row id and info.

const SCHEME_ID = "v1";
const FINGERPRINT_INFO = "authpulse-fingerprint-v1";
const SEED_FIELD = "seed";
const FINGERPRINT_PATTERN = /^[0-9a-f]{64}$/;

/** The HMAC key of secret fingerprints (opaque; obtain it with loadFingerprintKey). */
export type FingerprintKey = { readonly scheme: typeof SCHEME_ID; readonly hmacKey: Buffer };

const loaded = new WeakMap<Db, FingerprintKey>();

/** Derives the fingerprint key from its seed (exported for tests of the derivation). */
export function fingerprintKeyFromSeed(seed: Buffer): FingerprintKey {
  return { scheme: SCHEME_ID, hmacKey: Buffer.from(hkdfSync("sha256", seed, Buffer.alloc(0), FINGERPRINT_INFO, 32)) };
}

/**
 * The installation's fingerprint key: opens the sealed seed in fingerprint_keys, creating it on
 * first use (concurrent first uses agree on one row). Cached per database client.
 */
export async function loadFingerprintKey(ctx: Pick<ServiceContext, "db"> & { keyring: Keyring }): Promise<FingerprintKey> {
  const cached = loaded.get(ctx.db);
  if (cached) return cached;
  const aad = aadFor("fingerprint_key", SCHEME_ID, SEED_FIELD);
  let row = await ctx.db.fingerprintKey.findUnique({ where: { id: SCHEME_ID } });
  if (!row) {
    const seed = randomBytes(32).toString("base64");
    await ctx.db.fingerprintKey.createMany({ data: [{ id: SCHEME_ID, seedSealed: seal(ctx.keyring, seed, aad) }], skipDuplicates: true });
    row = await ctx.db.fingerprintKey.findUniqueOrThrow({ where: { id: SCHEME_ID } });
  }
  const key = fingerprintKeyFromSeed(Buffer.from(open(ctx.keyring, row.seedSealed, aad), "base64"));
  loaded.set(ctx.db, key);
  return key;
}

/**
 * A keyed hash of a secret (HMAC-SHA256, lowercase hex) that lets the leak scanner recognise
 * the secret without storing it. What is fingerprinted: the secret as stored for API keys,
 * bearer tokens and HMAC secrets, the password for basic auth, and for mTLS the private key as
 * canonical PKCS#8 PEM (canonicalPrivateKeyPem).
 */
export function fingerprintSecret(key: FingerprintKey, secret: string): string {
  return createHmac("sha256", key.hmacKey).update(secret, "utf8").digest("hex");
}

/** Whether a string has the shape of a fingerprint (64 lowercase hex characters). */
export function isFingerprint(value: string): boolean {
  return FINGERPRINT_PATTERN.test(value);
}
