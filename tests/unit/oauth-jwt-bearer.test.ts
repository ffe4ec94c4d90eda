import { generateKeyPairSync } from "node:crypto";
import { decodeProtectedHeader, exportJWK, exportPKCS8, generateKeyPair, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { ServiceError } from "@/lib/server/errors";
import { maxAssertionLifetimeSeconds, mintJwtBearerAssertion, parseServiceAccountKey } from "@/lib/server/oauth/jwt-bearer";
import { importPrivateSigningKey } from "@/lib/server/oauth/private-signing-key";

const now = () => new Date("2026-03-01T12:00:00.000Z");
const tokenUri = "https://oauth2.googleapis.com/token";
const clientEmail = "authpulse-sync@example-project.iam.gserviceaccount.com";

let rsa: { pem: string; publicKey: CryptoKey };
let ec: { jwk: Record<string, unknown>; publicKey: CryptoKey };

beforeAll(async () => {
  const rsaPair = await generateKeyPair("RS256", { extractable: true });
  rsa = { pem: await exportPKCS8(rsaPair.privateKey), publicKey: rsaPair.publicKey };
  const ecPair = await generateKeyPair("ES256", { extractable: true });
  ec = { jwk: { ...(await exportJWK(ecPair.privateKey)), kid: "ec-key-1" }, publicKey: ecPair.publicKey };
});

function serviceAccountJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: "service_account",
    project_id: "example-project",
    private_key_id: "0123456789abcdef",
    private_key: rsa.pem,
    client_email: clientEmail,
    client_id: "112233445566778899",
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: tokenUri,
    ...overrides,
  });
}

function thrown(run: () => unknown): ServiceError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    return error as ServiceError;
  }
  throw new Error("expected a ServiceError");
}

function expectNoKeyMaterial(error: ServiceError): void {
  const text = `${error.message} ${JSON.stringify(error.fieldErrors ?? {})} ${JSON.stringify(error.details)}`;
  const keyBody = rsa.pem.split("\n")[1] ?? "unreachable";
  expect(text).not.toContain(keyBody);
  expect(text).not.toContain("BEGIN PRIVATE KEY");
}

describe("parseServiceAccountKey", () => {
  it("reads a Google service-account JSON key", () => {
    const key = parseServiceAccountKey(serviceAccountJson());
    expect(key).toEqual({
      clientEmail,
      privateKeyPem: rsa.pem,
      privateKeyId: "0123456789abcdef",
      tokenUri,
      projectId: "example-project",
      clientId: "112233445566778899",
    });
    expect(parseServiceAccountKey(JSON.parse(serviceAccountJson())).clientEmail).toBe(clientEmail);
  });

  it("explains a file that is not JSON", () => {
    expect(thrown(() => parseServiceAccountKey("-----BEGIN PRIVATE KEY-----\nabc")).message).toMatch(/not JSON/);
  });

  it("recognises other Google credential files", () => {
    expect(thrown(() => parseServiceAccountKey({ type: "authorized_user", refresh_token: "x" })).message).toMatch(/authorized_user/);
    expect(thrown(() => parseServiceAccountKey({ type: "external_account" })).message).toMatch(/external_account/);
    expect(thrown(() => parseServiceAccountKey({ installed: { client_id: "a", client_secret: "b" } })).message).toMatch(/OAuth client file/);
    expect(thrown(() => parseServiceAccountKey([1, 2])).message).toMatch(/service_account/);
  });

  it("names the missing or damaged fields without echoing the key", () => {
    const missing = thrown(() => parseServiceAccountKey(serviceAccountJson({ client_email: undefined, token_uri: "http://evil.example/token" })));
    expect(missing.message).toMatch(/client_email/);
    expect(missing.message).toMatch(/token_uri/);
    expectNoKeyMaterial(missing);
    const badKey = thrown(() => parseServiceAccountKey(serviceAccountJson({ private_key: "not a key", private_key_id: "" })));
    expect(badKey.message).toMatch(/private_key \(a PEM private key\)/);
    expect(badKey.message).toMatch(/private_key_id/);
  });
});

describe("mintJwtBearerAssertion", () => {
  it("signs iss, sub, aud, iat, exp ≤ 1 h, jti and a space-joined scope with RS256", async () => {
    const assertion = await mintJwtBearerAssertion({
      issuer: clientEmail,
      subject: "admin@example.com",
      audience: tokenUri,
      scopes: ["https://www.googleapis.com/auth/admin.directory.user.readonly", "https://www.googleapis.com/auth/calendar.readonly"],
      privateKeyPem: rsa.pem,
      keyId: "0123456789abcdef",
      now,
    });
    const { payload, protectedHeader } = await jwtVerify(assertion, rsa.publicKey, {
      issuer: clientEmail,
      audience: tokenUri,
      subject: "admin@example.com",
      currentDate: now(),
    });
    expect(protectedHeader).toEqual({ alg: "RS256", kid: "0123456789abcdef", typ: "JWT" });
    expect(payload.iat).toBe(Math.floor(now().getTime() / 1000));
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(maxAssertionLifetimeSeconds);
    expect(payload.scope).toBe("https://www.googleapis.com/auth/admin.directory.user.readonly https://www.googleapis.com/auth/calendar.readonly");
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("signs with an EC P-256 JWK (ES256), takes its kid, omits sub and honours a shorter lifetime", async () => {
    const assertion = await mintJwtBearerAssertion({ issuer: "svc", audience: tokenUri, scopes: [], privateKeyJwk: ec.jwk, now, lifetimeSeconds: 300 });
    const { payload } = await jwtVerify(assertion, ec.publicKey, { audience: tokenUri, currentDate: now() });
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: "ES256", kid: "ec-key-1", typ: "JWT" });
    expect(payload.sub).toBeUndefined();
    expect(payload.scope).toBeUndefined();
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
  });

  it("mints a fresh jti each time", async () => {
    const input = { issuer: "svc", audience: tokenUri, scopes: ["a"], privateKeyPem: rsa.pem, now };
    const first = await jwtVerify(await mintJwtBearerAssertion(input), rsa.publicKey, { currentDate: now() });
    const second = await jwtVerify(await mintJwtBearerAssertion(input), rsa.publicKey, { currentDate: now() });
    expect(first.payload.jti).not.toBe(second.payload.jti);
  });

  it("refuses a lifetime over one hour", async () => {
    await expect(mintJwtBearerAssertion({ issuer: "svc", audience: tokenUri, scopes: [], privateKeyPem: rsa.pem, now, lifetimeSeconds: 3601 })).rejects.toThrow(
      ServiceError,
    );
  });
});

describe("importPrivateSigningKey", () => {
  it("accepts PKCS#1 RSA and SEC1 EC PEMs, and PEMs with literal \\n", async () => {
    const { privateKey: rsaKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pkcs1 = rsaKey.export({ format: "pem", type: "pkcs1" }).toString();
    expect((await importPrivateSigningKey({ privateKeyPem: pkcs1 })).alg).toBe("RS256");
    const { privateKey: ecKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const sec1 = ecKey.export({ format: "pem", type: "sec1" }).toString();
    expect((await importPrivateSigningKey({ privateKeyPem: sec1 })).alg).toBe("ES256");
    expect((await importPrivateSigningKey({ privateKeyPem: rsa.pem.trim().replace(/\n/g, "\\n") })).alg).toBe("RS256");
  });

  it("refuses public keys, damaged PEMs and unsupported curves with messages that do not echo the key", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const publicPem = publicKey.export({ format: "pem", type: "spki" }).toString();
    await expect(importPrivateSigningKey({ privateKeyPem: publicPem })).rejects.toThrow(/public key/);
    const damaged = privateKey.export({ format: "pem", type: "pkcs8" }).toString().replace(/[A-Za-z]{10}/, "!!!!!!!!!!");
    const error = await importPrivateSigningKey({ privateKeyPem: damaged }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).message).not.toContain(damaged.split("\n")[2] ?? "unreachable");
    const { privateKey: p384 } = generateKeyPairSync("ec", { namedCurve: "secp384r1" });
    await expect(importPrivateSigningKey({ privateKeyPem: p384.export({ format: "pem", type: "pkcs8" }).toString() })).rejects.toThrow(/P-256/);
    await expect(importPrivateSigningKey({ privateKeyJwk: { kty: "EC", crv: "P-256", x: "a", y: "b" } })).rejects.toThrow(/public key/);
  });
});
