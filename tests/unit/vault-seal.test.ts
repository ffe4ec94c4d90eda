import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateKeyringFile, KeyringError, keyringFileSchema, keyringFromEnvKey, parseKeyring, type Keyring } from "@/lib/server/vault/keyring";
import { open, seal, sealedKeyId, SealError } from "@/lib/server/vault/seal";

const CANARY = "canary-refresh-token-0c9d8e7f";
const AAD = "credential:cred_1:refresh_token";

function keyring(primaryId: string, ids: string[] = [primaryId]): Keyring {
  return { primaryId, keys: new Map(ids.map((id) => [id, randomBytes(32)])) };
}

/** Flips one bit of the base64url field at `index` of a sealed value. */
function flipBit(sealed: string, index: number, byte = 0): string {
  const parts = sealed.split(":");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[byte] = bytes[byte]! ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(":");
}

describe("seal and open (AES-256-GCM)", () => {
  it("round-trips a secret and records version and key id in the sealed value", () => {
    const ring = keyring("k1");
    const sealed = seal(ring, CANARY, AAD);
    const [version, keyId, nonce, body] = sealed.split(":");
    expect(version).toBe("v1");
    expect(keyId).toBe("k1");
    expect(Buffer.from(nonce!, "base64url")).toHaveLength(12);
    expect(Buffer.from(body!, "base64url")).toHaveLength(Buffer.byteLength(CANARY) + 16);
    expect(sealedKeyId(sealed)).toBe("k1");
    expect(open(ring, sealed, AAD)).toBe(CANARY);
  });

  it("never stores the secret in clear", () => {
    const sealed = seal(keyring("k1"), CANARY, AAD);
    expect(sealed).not.toContain(CANARY);
    expect(Buffer.from(sealed.split(":")[3]!, "base64url").toString("latin1")).not.toContain(CANARY);
  });

  it("uses a fresh nonce for every seal of the same secret", () => {
    const ring = keyring("k1");
    const nonces = new Set(Array.from({ length: 50 }, () => seal(ring, CANARY, AAD).split(":")[2]));
    expect(nonces.size).toBe(50);
  });

  it("round-trips empty and multi-byte secrets", () => {
    const ring = keyring("k1");
    expect(open(ring, seal(ring, "", AAD), AAD)).toBe("");
    expect(open(ring, seal(ring, "pässwörd-🔑", AAD), AAD)).toBe("pässwörd-🔑");
  });

  it("refuses a ciphertext moved to another row or field (AAD binding)", () => {
    const ring = keyring("k1");
    const sealed = seal(ring, CANARY, AAD);
    expect(() => open(ring, sealed, "credential:cred_2:refresh_token")).toThrow(SealError);
    expect(() => open(ring, sealed, "credential:cred_1:access_token")).toThrow(SealError);
  });

  it("refuses a ciphertext with a flipped bit in the body, the tag or the nonce", () => {
    const ring = keyring("k1");
    const sealed = seal(ring, CANARY, AAD);
    const bodyLength = Buffer.from(sealed.split(":")[3]!, "base64url").length;
    expect(() => open(ring, flipBit(sealed, 3, 0), AAD)).toThrow(/failed authentication/);
    expect(() => open(ring, flipBit(sealed, 3, bodyLength - 1), AAD)).toThrow(/failed authentication/);
    expect(() => open(ring, flipBit(sealed, 2, 5), AAD)).toThrow(/failed authentication/);
  });

  it("refuses a value sealed under another key with the same id", () => {
    const sealed = seal(keyring("k1"), CANARY, AAD);
    expect(() => open(keyring("k1"), sealed, AAD)).toThrow(SealError);
  });

  it("names the unknown key id instead of trying another key", () => {
    const sealed = seal(keyring("k7"), CANARY, AAD);
    expect(() => open(keyring("k1"), sealed, AAD)).toThrow("Sealed with master key k7, which is not in the keyring.");
  });

  it.each([
    ["empty", ""],
    ["wrong version", "v2:k1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA"],
    ["missing body", "v1:k1:AAAAAAAAAAAAAAAA"],
    ["extra field", "v1:k1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:x"],
    ["short nonce", "v1:k1:AAAA:AAAAAAAAAAAAAAAAAAAAAA"],
    ["body shorter than a tag", "v1:k1:AAAAAAAAAAAAAAAA:AAAA"],
  ])("reports a malformed sealed value (%s)", (_label, sealed) => {
    expect(() => open(keyring("k1"), sealed, AAD)).toThrow("Sealed value is malformed.");
  });

  it("seals with the primary key and still opens values sealed with an older key", () => {
    const old: Keyring = keyring("k1");
    const sealedWithOld = seal(old, CANARY, AAD);
    const rotated: Keyring = { primaryId: "k2", keys: new Map([...old.keys, ["k2", randomBytes(32)]]) };
    const sealedWithNew = seal(rotated, CANARY, AAD);
    expect(sealedKeyId(sealedWithNew)).toBe("k2");
    expect(open(rotated, sealedWithOld, AAD)).toBe(CANARY);
    expect(open(rotated, sealedWithNew, AAD)).toBe(CANARY);
    expect(() => open(old, sealedWithNew, AAD)).toThrow("Sealed with master key k2, which is not in the keyring.");
  });

  it("refuses to seal when the primary key is missing", () => {
    const ring: Keyring = { primaryId: "k2", keys: new Map([["k1", randomBytes(32)]]) };
    expect(() => seal(ring, CANARY, AAD)).toThrow(SealError);
  });
});

describe("keyring file", () => {
  const key = (fill: number) => Buffer.alloc(32, fill).toString("base64");

  it("parses a valid file into key buffers with the primary id", () => {
    const ring = parseKeyring(JSON.stringify({ version: 1, primary: "k2", keys: { k1: key(1), k2: key(2) } }), "/data/master.key");
    expect(ring.primaryId).toBe("k2");
    expect([...ring.keys.keys()]).toEqual(["k1", "k2"]);
    expect(ring.keys.get("k2")).toEqual(Buffer.alloc(32, 2));
  });

  it("generates a file with one random 32-byte key that parses back", () => {
    const file = generateKeyringFile();
    expect(keyringFileSchema.safeParse(file).success).toBe(true);
    expect(file.primary).toBe("k1");
    const ring = parseKeyring(JSON.stringify(file), "new");
    expect(ring.keys.get("k1")).toHaveLength(32);
    expect(generateKeyringFile().keys.k1).not.toBe(file.keys.k1);
  });

  it("calls a file that is not JSON corrupt and names the file", () => {
    expect(() => parseKeyring("{not json", "/data/master.key")).toThrow(
      "The master key file /data/master.key is corrupt: it is not valid JSON. Restore it from your backup.",
    );
  });

  it("explains each problem of a malformed file without echoing the key material", () => {
    const shortKey = Buffer.from("canary-short-key-material").toString("base64");
    let error: unknown;
    try {
      parseKeyring(JSON.stringify({ version: 1, primary: "k1", keys: { k1: shortKey } }), "/data/master.key");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KeyringError);
    const message = (error as Error).message;
    expect(message).toContain("keys.k1: each key must be 32 bytes, base64-encoded");
    expect(message).not.toContain(shortKey);
    expect(message).not.toContain("canary-short-key-material");
  });

  it("refuses a primary id that is not among the keys, and malformed key ids", () => {
    expect(() => parseKeyring(JSON.stringify({ version: 1, primary: "k2", keys: { k1: key(1) } }), "f")).toThrow(
      "primary: the primary key id must be one of the keys",
    );
    expect(() => parseKeyring(JSON.stringify({ version: 1, primary: "main", keys: { main: key(1) } }), "f")).toThrow(
      "key ids look like k1, k2, ...",
    );
    expect(() => parseKeyring(JSON.stringify({ version: 2, primary: "k1", keys: { k1: key(1) } }), "f")).toThrow(KeyringError);
  });

  it("accepts a single base64 key from AUTHPULSE_MASTER_KEY, surrounding whitespace included", () => {
    const ring = keyringFromEnvKey(`  ${key(9)}\n`);
    expect(ring.primaryId).toBe("k1");
    expect(ring.keys.get("k1")).toEqual(Buffer.alloc(32, 9));
  });

  it("refuses a short AUTHPULSE_MASTER_KEY by name, without echoing it", () => {
    let message = "";
    try {
      keyringFromEnvKey("canary-not-a-key");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^The master key file AUTHPULSE_MASTER_KEY is corrupt \(keys\.k1: each key must be 32 bytes/);
    expect(message).not.toContain("canary-not-a-key");
  });
});
