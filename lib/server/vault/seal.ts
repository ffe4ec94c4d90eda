import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Keyring } from "./keyring";

const VERSION = "v1";

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealError";
  }
}

/**
 * Seals a secret with AES-256-GCM under the primary key: fresh 96-bit nonce, AAD binding it
 * to its row and field (e.g. `credential:<id>:refresh_token`). Output: v1:<keyId>:<nonce>:<ciphertext+tag>.
 */
export function seal(keyring: Keyring, plaintext: string, aad: string): string {
  const key = keyring.keys.get(keyring.primaryId);
  if (!key) throw new SealError("The primary master key is missing from the keyring.");
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, keyring.primaryId, nonce.toString("base64url"), body.toString("base64url")].join(":");
}

/** Opens a sealed value; SealError on a wrong AAD, unknown key id, or any tampering. */
export function open(keyring: Keyring, sealed: string, aad: string): string {
  const [version, keyId, nonceB64, bodyB64, ...rest] = sealed.split(":");
  if (version !== VERSION || !keyId || !nonceB64 || !bodyB64 || rest.length > 0) throw new SealError("Sealed value is malformed.");
  const key = keyring.keys.get(keyId);
  if (!key) throw new SealError(`Sealed with master key ${keyId}, which is not in the keyring.`);
  const nonce = Buffer.from(nonceB64, "base64url");
  const body = Buffer.from(bodyB64, "base64url");
  if (nonce.length !== 12 || body.length < 16) throw new SealError("Sealed value is malformed.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, nonce);
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    throw new SealError("Sealed value failed authentication (wrong key, wrong field, or tampered).");
  }
}

/** The key id a sealed value records. */
export function sealedKeyId(sealed: string): string | undefined {
  return sealed.split(":")[1];
}
