import { execFileSync } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, fixedClock } from "@/lib/clock";
import { createCredential, type CreateCredentialInput } from "@/lib/server/credentials/create-credential";
import { findCredentialsByFingerprint } from "@/lib/server/credentials/find-credentials-by-fingerprint";
import { fingerprintSecret, loadFingerprintKey } from "@/lib/server/credentials/fingerprint-secret";
import { listCredentials } from "@/lib/server/credentials/list-credentials";
import { revealSecretForUse } from "@/lib/server/credentials/reveal-secret-for-use";
import { rotateCredential } from "@/lib/server/credentials/rotate-credential";
import { createDb, type Db } from "@/lib/server/db";
import { ServiceError } from "@/lib/server/errors";
import { generateKeyringFile, parseKeyring } from "@/lib/server/vault/keyring";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { tablesContaining } from "./support/database-text";

// Certificates and keys are generated here, at test time, with the openssl CLI: no key material is committed.

type Pair = { certificatePem: string; privateKeyPem: string };

let work: string;
let serial = 0;

function openssl(args: string[]): string {
  return execFileSync("openssl", args, { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** A self-signed certificate and its key (EC P-256 unless told otherwise), valid from now for `days`. */
function selfSigned(options: { cn: string; days: number; keyAlgorithm?: "ec" | "rsa"; san?: string }): Pair {
  const n = ++serial;
  const keyArgs = options.keyAlgorithm === "rsa" ? ["-newkey", "rsa:2048"] : ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
  openssl([
    "req", "-x509", ...keyArgs, "-nodes", "-keyout", `key${n}.pem`, "-out", `cert${n}.pem`, "-days", String(options.days),
    "-subj", `/CN=${options.cn}/O=Authpulse Tests`, "-addext", `subjectAltName=${options.san ?? `DNS:${options.cn}`}`,
  ]);
  // notBefore is the second openssl ran: a clock still before it would see a not-yet-valid certificate.
  if (clock.now() < new Date()) clock.set(new Date());
  return { certificatePem: readFileSync(join(work, `cert${n}.pem`), "utf8"), privateKeyPem: readFileSync(join(work, `key${n}.pem`), "utf8") };
}

/** A new certificate for an existing key (a renewal that keeps the key). */
function renew(pair: Pair, cn: string): Pair {
  const n = ++serial;
  writeFileSync(join(work, `renew${n}.pem`), pair.privateKeyPem, { mode: 0o600 });
  openssl(["req", "-x509", "-new", "-key", `renew${n}.pem`, "-out", `cert${n}.pem`, "-days", "90", "-subj", `/CN=${cn}/O=Authpulse Tests`]);
  return { certificatePem: readFileSync(join(work, `cert${n}.pem`), "utf8"), privateKeyPem: pair.privateKeyPem };
}

/** The base64 body of a PEM key without its header lines: what must never be stored in clear. */
const keyBody = (pem: string) => pem.split("\n").filter((line) => line && !line.startsWith("-----")).join("");

let database: TestDatabase;
let db: Db;
const keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
// Certificates are valid from the real now, so the clock starts there.
const clock = fixedClock(new Date());
let ctx: { db: Db; clock: typeof clock; keyring: typeof keyring };
let workspaceId: string;
let actorId: string;
let client: Pair;
let other: Pair;
const returned: unknown[] = [];

async function failure(fn: () => Promise<unknown>): Promise<ServiceError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error("expected a ServiceError");
}

async function createMtls(name: string, pair: Pair) {
  const result = await createCredential(ctx, { actorId, workspaceId, input: { method: "mtls", name, provider: "Bank API", ...pair } satisfies CreateCredentialInput });
  returned.push(result);
  return result;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "authpulse-mtls-"));
  client = selfSigned({ cn: "crm-client.acme.example", days: 30, san: "DNS:crm-client.acme.example,DNS:backup.acme.example,IP:127.0.0.1" });
  other = selfSigned({ cn: "other.acme.example", days: 30 });
  database = await createTestDatabase();
  db = createDb(database.url);
  ctx = { db, clock, keyring };
  workspaceId = (await db.workspace.create({ data: { name: "Acme", slug: "acme" } })).id;
  actorId = (await db.user.create({ data: { email: "admin@acme.example", name: "Admin" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
  rmSync(work, { recursive: true, force: true });
});

describe("mTLS credentials", () => {
  it("parses subject, issuer, SANs, validity and the SHA-256 fingerprint, and keeps the key sealed", async () => {
    const { credential, warnings } = await createMtls("Bank client cert", client);
    const x509 = new X509Certificate(client.certificatePem);
    expect(warnings).toEqual([]);
    expect(credential.method).toBe("mtls");
    if (credential.method !== "mtls") return;
    expect(credential.settings).toEqual({
      certificatePem: client.certificatePem.trim(),
      subject: "CN=crm-client.acme.example, O=Authpulse Tests",
      issuer: "CN=crm-client.acme.example, O=Authpulse Tests",
      subjectAltNames: ["DNS:crm-client.acme.example", "DNS:backup.acme.example", "IP Address:127.0.0.1"],
      serialNumber: x509.serialNumber,
      notBefore: new Date(x509.validFrom).toISOString(),
      notAfter: new Date(x509.validTo).toISOString(),
      fingerprint256: x509.fingerprint256,
      keyType: "ec",
    });
    // The same fingerprint openssl computes.
    const opensslFingerprint = execFileSync("openssl", ["x509", "-noout", "-fingerprint", "-sha256"], { input: client.certificatePem, encoding: "utf8" }).trim().split("=")[1];
    expect(credential.settings.fingerprint256).toBe(opensslFingerprint);
    expect(credential.expiresAt).toEqual(new Date(x509.validTo));
    expect(credential.expiresAt!.getTime() - clock.now().getTime()).toBeGreaterThan(29 * DAY);
    expect(credential.isExpired).toBe(false);
    expect(credential.current).toEqual({ version: 1, secretPrefix: null, secretLast4: null });

    const revealed = await revealSecretForUse(ctx, { workspaceId, credentialId: credential.id, audit: { actorId, via: "test" } });
    const material = revealed.versions[0]?.material;
    expect(material?.method).toBe("mtls");
    if (material?.method !== "mtls") return;
    expect(material.certificatePem).toBe(client.certificatePem.trim());
    // The key comes back as PKCS#8 PEM, the same key the certificate was issued for.
    expect(createPrivateKey(material.privateKeyPem).export({ format: "jwk" })).toEqual(createPrivateKey(client.privateKeyPem).export({ format: "jwk" }));
    expect(x509.checkPrivateKey(createPrivateKey(material.privateKeyPem))).toBe(true);
  });

  it("refuses a private key that does not belong to the certificate", async () => {
    const rsa = selfSigned({ cn: "rsa.acme.example", days: 30, keyAlgorithm: "rsa" });
    for (const privateKeyPem of [other.privateKeyPem, rsa.privateKeyPem]) {
      const error = await failure(() => createMtls("Mismatched", { certificatePem: client.certificatePem, privateKeyPem }));
      expect(error.fieldErrors).toEqual({ privateKeyPem: "This private key does not belong to the certificate." });
    }
    expect(await db.credential.count({ where: { name: "Mismatched" } })).toBe(0);
  });

  it("explains bad PEM per field: garbage, swapped fields, truncated, passphrase-protected", async () => {
    const garbage = await failure(() => createMtls("Bad", { certificatePem: "hello", privateKeyPem: "world" }));
    expect(garbage.fieldErrors).toEqual({
      certificatePem: "This is not a PEM certificate: it should start with -----BEGIN CERTIFICATE-----.",
      privateKeyPem: "This is not a PEM private key: it should start with -----BEGIN PRIVATE KEY-----.",
    });
    const swapped = await failure(() => createMtls("Bad", { certificatePem: client.privateKeyPem, privateKeyPem: client.certificatePem }));
    expect(swapped.fieldErrors).toEqual({
      certificatePem: "This is a private key. Paste the certificate here and the key in the private key field.",
      privateKeyPem: "This is a certificate, not a private key.",
    });
    const lines = client.certificatePem.trim().split("\n");
    const truncated = [...lines.slice(0, 3), lines.at(-1)!].join("\n");
    const cut = await failure(() => createMtls("Bad", { certificatePem: truncated, privateKeyPem: client.privateKeyPem }));
    expect(cut.fieldErrors).toEqual({ certificatePem: "This certificate could not be read. Paste the whole PEM block, including the BEGIN and END lines." });
    const encrypted = execFileSync("openssl", ["pkey", "-aes256", "-passout", "pass:correct-horse"], { input: client.privateKeyPem, encoding: "utf8" });
    const locked = await failure(() => createMtls("Bad", { certificatePem: client.certificatePem, privateKeyPem: encrypted }));
    expect(locked.fieldErrors).toEqual({ privateKeyPem: "This private key is protected by a passphrase. Export it without one (for example `openssl pkey -in key.pem`)." });
    const empty = await failure(() => createMtls("Bad", { certificatePem: " ", privateKeyPem: "" }));
    expect(empty.fieldErrors).toEqual({ certificatePem: "Paste the certificate (PEM).", privateKeyPem: "Paste the private key (PEM)." });
  });

  it("stores an expired certificate but flags it, and lists it as expired", async () => {
    const shortLived = selfSigned({ cn: "short.acme.example", days: 1 });
    const start = clock.now();
    try {
      clock.advance(2 * DAY);
      const { credential, warnings } = await createMtls("Expired cert", shortLived);
      const notAfter = new Date(new X509Certificate(shortLived.certificatePem).validTo);
      expect(warnings).toEqual([`The certificate expired on ${notAfter.toISOString()}. It was stored, and is flagged as expired.`]);
      expect([credential.isExpired, credential.expiresAt]).toEqual([true, notAfter]);
      const listed = await listCredentials(ctx, { workspaceId, sort: "name" });
      expect(listed.find((c) => c.name === "Expired cert")?.isExpired).toBe(true);
      returned.push(listed);
    } finally {
      clock.set(start);
    }
  });

  it("rotates to a renewed certificate: both pairs are served during the overlap; the same certificate is refused", async () => {
    const pair = selfSigned({ cn: "rotating.acme.example", days: 30 });
    const { credential } = await createMtls("Rotating cert", pair);
    const same = await failure(() => rotateCredential(ctx, { actorId, workspaceId, credentialId: credential.id, newSecret: pair }));
    expect(same.fieldErrors).toEqual({ certificatePem: "This is the certificate in use now. Paste the new one." });
    const missing = await failure(() => rotateCredential(ctx, { actorId, workspaceId, credentialId: credential.id, newSecret: "just a string" as never }));
    expect(missing.fieldErrors).toEqual({ newSecret: "Paste the certificate and its private key (PEM)." });

    // A renewal keeping the key is a rotation too; the key may come back in another PEM format.
    const renewed = renew(pair, "rotating.acme.example");
    const traditional = { ...renewed, privateKeyPem: createPrivateKey(pair.privateKeyPem).export({ type: "sec1", format: "pem" }).toString() };
    const { credential: rotated } = await rotateCredential(ctx, { actorId, workspaceId, credentialId: credential.id, newSecret: traditional, overlapHours: 48 });
    returned.push(rotated);
    expect(rotated.versions.map((v) => [v.version, v.state])).toEqual([
      [2, "active"],
      [1, "overlap"],
    ]);
    if (rotated.method !== "mtls") throw new Error("expected mtls");
    expect(rotated.settings.fingerprint256).toBe(new X509Certificate(renewed.certificatePem).fingerprint256);
    expect(rotated.expiresAt).toEqual(new Date(new X509Certificate(renewed.certificatePem).validTo));

    const revealed = await revealSecretForUse(ctx, { workspaceId, credentialId: credential.id, audit: { actorId, via: "test" } });
    expect(revealed.versions.map((v) => (v.material.method === "mtls" ? [v.version, v.state, v.material.certificatePem] : null))).toEqual([
      [2, "active", renewed.certificatePem.trim()],
      [1, "overlap", pair.certificatePem.trim()],
    ]);
    // Same key, whatever its PEM format: the leak scanner recognises it through one fingerprint.
    const key = await loadFingerprintKey(ctx);
    const canonical = createPrivateKey(pair.privateKeyPem).export({ type: "pkcs8", format: "pem" }).toString();
    const matches = await findCredentialsByFingerprint(ctx, { workspaceId, fingerprints: [fingerprintSecret(key, canonical)] });
    expect(matches.map((m) => [m.name, m.version, m.state])).toEqual([
      ["Rotating cert", 2, "active"],
      ["Rotating cert", 1, "overlap"],
    ]);
  });

  it("never stores a private key in clear, nor returns one outside revealSecretForUse", async () => {
    const bodies = [client.privateKeyPem, other.privateKeyPem].map(keyBody);
    const text = JSON.stringify(returned);
    for (const body of bodies) {
      const middle = body.slice(20, 60);
      expect(await tablesContaining(database.url, middle)).toEqual([]);
      expect(text.includes(middle)).toBe(false);
    }
    expect(returned.length).toBeGreaterThan(3);
  });
});
