import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, fixedClock, HOUR } from "@/lib/clock";
import { createCredential, type CreateCredentialInput } from "@/lib/server/credentials/create-credential";
import { deleteCredential } from "@/lib/server/credentials/delete-credential";
import { findCredentialsByFingerprint } from "@/lib/server/credentials/find-credentials-by-fingerprint";
import { fingerprintSecret, loadFingerprintKey } from "@/lib/server/credentials/fingerprint-secret";
import { getCredential } from "@/lib/server/credentials/get-credential";
import { listCredentials } from "@/lib/server/credentials/list-credentials";
import { retireExpiredOverlaps } from "@/lib/server/credentials/retire-expired-overlaps";
import { revealSecretForUse } from "@/lib/server/credentials/reveal-secret-for-use";
import { rotateCredential } from "@/lib/server/credentials/rotate-credential";
import { openVersionSecret } from "@/lib/server/credentials/version-secret";
import { createDb, type Db } from "@/lib/server/db";
import { ServiceError } from "@/lib/server/errors";
import { aadFor } from "@/lib/server/vault/aad";
import { generateKeyringFile, parseKeyring, type Keyring } from "@/lib/server/vault/keyring";
import { open, seal, SealError } from "@/lib/server/vault/seal";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { tablesContaining } from "./support/database-text";

// Canary secrets: none may appear in clear in any table or in any service result except revealSecretForUse.
const API_KEY = "sk_live_canaryApiKey7f3a9c2e1b4d6a";
const API_KEY_2 = "sk_live_canaryRotatedKey9d8c7b6a5e";
const BEARER = "canary-bearer-token-5e8d2a7c91f0";
const BEARER_2 = "canary-bearer-token-rotated-77aa01";
const BEARER_3 = "canary-bearer-token-third-3b9f2c";
const HMAC = "whsec_canaryHmacSecret0b7e4d19aa";
const PASSWORD = "canary-basic-password-3c1f";
const PASSWORD_2 = "canary-basic-password-rotated-9e2d";
const CANARIES = [API_KEY, API_KEY_2, BEARER, BEARER_2, BEARER_3, HMAC, PASSWORD, PASSWORD_2];
// The middle of each canary: what a partial leak would show (prefix and last four are allowed).
const CANARY_CORES = CANARIES.map((c) => c.slice(8, -4));

let database: TestDatabase;
let db: Db;
const keyring: Keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
const clock = fixedClock("2026-11-23T10:00:00Z");
let ctx: { db: Db; clock: typeof clock; keyring: Keyring };
let workspaceId: string;
let otherWorkspaceId: string;
let adminId: string;
let outsiderId: string;
/** Every value a service returned (except revealSecretForUse), checked for canaries at the end. */
const returned: unknown[] = [];

function keep<T>(value: T): T {
  returned.push(value);
  return value;
}

async function failure(fn: () => Promise<unknown>): Promise<ServiceError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error("expected a ServiceError");
}

let counter = 0;
const base = () => ({ name: `Credential ${++counter}`, provider: "HubSpot" });

async function create(input: Partial<CreateCredentialInput> & Pick<CreateCredentialInput, "method">, workspace = workspaceId) {
  const result = await createCredential(ctx, { actorId: adminId, workspaceId: workspace, input: { ...base(), ...input } as CreateCredentialInput });
  return keep(result).credential;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  ctx = { db, clock, keyring };
  const ws = await db.workspace.create({ data: { name: "Acme", slug: "acme" } });
  const other = await db.workspace.create({ data: { name: "Globex", slug: "globex" } });
  const admin = await db.user.create({ data: { email: "admin@acme.example", name: "Admin" } });
  const outsider = await db.user.create({ data: { email: "someone@globex.example", name: "Outsider" } });
  await db.membership.create({ data: { workspaceId: ws.id, userId: admin.id, role: "admin" } });
  await db.membership.create({ data: { workspaceId: other.id, userId: outsider.id, role: "admin" } });
  workspaceId = ws.id;
  otherWorkspaceId = other.id;
  adminId = admin.id;
  outsiderId = outsider.id;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("creating credentials", () => {
  it("stores an API key sealed to its version row, showing only the prefix and last four", async () => {
    const credential = await create({
      method: "api_key",
      name: "Stripe live key",
      provider: "Stripe",
      secret: API_KEY,
      placement: "header",
      headerName: "Authorization",
      headerScheme: "Bearer",
      expectedPrefix: "sk_live_",
      mode: "live",
      workflows: ["Invoice sync", "Invoice sync", "Dunning"],
      peopleWithAccess: ["Ops@Acme.example", adminId],
      ownerId: adminId,
    });
    expect(credential).toMatchObject({
      method: "api_key",
      provider: "Stripe",
      environment: "prod",
      ownerId: adminId,
      workflows: ["Invoice sync", "Dunning"],
      peopleWithAccess: ["ops@acme.example", adminId],
      sensitive: false,
      rotationIntervalDays: 90,
      rotationAgeDays: 0,
      isRotationOverdue: false,
      current: { version: 1, secretPrefix: "sk_live_", secretLast4: API_KEY.slice(-4) },
      settings: { placement: "header", headerName: "Authorization", headerScheme: "Bearer", queryParam: null, expectedPrefix: "sk_live_", mode: "live" },
    });
    expect(credential.rotatedAt).toEqual(clock.now());

    const version = await db.credentialVersion.findFirstOrThrow({ where: { credentialId: credential.id } });
    expect(version).toMatchObject({ version: 1, state: "active", workspaceId, createdById: adminId });
    expect(version.secretSealed).toMatch(/^v1:k1:/);
    expect(version.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(openVersionSecret(keyring, { id: version.id, secretSealed: version.secretSealed! }, "api_key")).toEqual({ method: "api_key", secret: API_KEY });
    // AAD binding: the ciphertext does not open as another row's or another field's value.
    expect(() => open(keyring, version.secretSealed!, aadFor("credential_version", `${version.id}x`, "secret"))).toThrow(SealError);
    expect(() => open(keyring, version.secretSealed!, aadFor("credential_version", version.id, "password"))).toThrow(SealError);

    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "credential.created", targetId: credential.id } });
    expect(audit).toMatchObject({ workspaceId, actorId: adminId, targetType: "credential" });
    expect(audit.details).toEqual({ name: "Stripe live key", method: "api_key", provider: "Stripe", environment: "prod", version: 1, secretPrefix: "sk_live_", sensitive: false });
  });

  it("refuses an API key that does not start with the expected prefix, and a test key in live mode", async () => {
    const before = await db.credential.count();
    const wrongPrefix = await failure(() => create({ method: "api_key", secret: "pk_live_0123456789abcdefghij", headerName: "Authorization", expectedPrefix: "sk_live_" }));
    expect(wrongPrefix.code).toBe("BAD_REQUEST");
    expect(wrongPrefix.fieldErrors).toEqual({ secret: "This key does not start with sk_live_. Check that you pasted the right key." });
    const testInLive = await failure(() => create({ method: "api_key", secret: "sk_test_0123456789abcdefghij", headerName: "Authorization", mode: "live" }));
    expect(testInLive.fieldErrors).toEqual({ mode: "This looks like a test key (sk_test_…), but the mode is live." });
    expect(await db.credential.count()).toBe(before);
  });

  it("stores a query-parameter API key with its parameter name", async () => {
    const credential = await create({ method: "api_key", secret: "0123456789abcdef0123456789abcdef", placement: "query", queryParam: "hapikey", mode: "test", environment: "staging" });
    expect(credential).toMatchObject({ environment: "staging", settings: { placement: "query", queryParam: "hapikey", headerName: null, mode: "test" }, current: { secretPrefix: null, secretLast4: "cdef" } });
    const missing = await failure(() => create({ method: "api_key", secret: "0123456789abcdef0123456789abcdef", placement: "query" }));
    expect(missing.fieldErrors).toEqual({ queryParam: "Enter the query parameter the key goes in (for example api_key)." });
  });

  it("stores basic auth with the username in clear and the password sealed as JSON", async () => {
    const credential = await create({ method: "basic", provider: "Legacy ERP", username: "sync-bot", password: PASSWORD });
    expect(credential).toMatchObject({ method: "basic", settings: { username: "sync-bot" }, current: { version: 1, secretPrefix: null, secretLast4: null } });
    const version = await db.credentialVersion.findFirstOrThrow({ where: { credentialId: credential.id } });
    expect(open(keyring, version.secretSealed!, aadFor("credential_version", version.id, "secret"))).toBe(JSON.stringify({ password: PASSWORD }));
    const colon = await failure(() => create({ method: "basic", username: "a:b", password: "x" }));
    expect(colon.fieldErrors).toEqual({ username: "A basic-auth username cannot contain a colon." });
  });

  it("stores a bearer token, dropping a pasted `Bearer ` in front", async () => {
    const credential = await create({ method: "bearer", provider: "Apollo", token: `Bearer ${BEARER}` });
    expect(credential).toMatchObject({ method: "bearer", settings: {}, current: { secretPrefix: "canary-", secretLast4: BEARER.slice(-4) } });
    const revealed = await revealSecretForUse(ctx, { workspaceId, credentialId: credential.id, audit: { actorId: adminId, via: "test" } });
    expect(revealed.versions.map((v) => v.material)).toEqual([{ method: "bearer", secret: BEARER }]);
  });

  it("stores an HMAC secret with the vendor's algorithm, encoding and header, and refuses a mismatch or a short secret", async () => {
    const credential = await create({ method: "hmac", provider: "GitHub", secret: HMAC, headerScheme: "github" });
    expect(credential).toMatchObject({ settings: { algorithm: "sha256", encoding: "hex", headerScheme: "github", headerName: "X-Hub-Signature-256", signaturePrefix: null }, current: { secretPrefix: "whsec_", secretLast4: HMAC.slice(-4) } });
    const custom = await create({ method: "hmac", secret: "0123456789abcdef0123", headerScheme: "custom", headerName: "X-Signature", algorithm: "sha512", encoding: "base64", signaturePrefix: "sha512=" });
    expect(custom.settings).toEqual({ algorithm: "sha512", encoding: "base64", headerScheme: "custom", headerName: "X-Signature", signaturePrefix: "sha512=" });

    const short = await failure(() => create({ method: "hmac", secret: "too-short", headerScheme: "stripe" }));
    expect(short.fieldErrors).toEqual({ secret: "A signing secret needs at least 16 bytes." });
    const mismatch = await failure(() => create({ method: "hmac", secret: "0123456789abcdef0123", headerScheme: "shopify", encoding: "hex" }));
    expect(mismatch.fieldErrors).toEqual({ encoding: "Shopify encodes signatures in base64." });
    const noHeader = await failure(() => create({ method: "hmac", secret: "0123456789abcdef0123", headerScheme: "custom" }));
    expect(noHeader.fieldErrors).toEqual({ headerName: "Enter the header that carries the signature." });
  });

  it("records a track-only credential's location without any secret", async () => {
    const credential = await create({ method: "track_only", provider: "Clay", location: "hard_coded", locationDetail: "Clay table 'Leads' HTTP column", workflows: ["Lead enrichment"] });
    expect(credential).toMatchObject({ method: "track_only", settings: { location: "hard_coded", locationDetail: "Clay table 'Leads' HTTP column" }, current: { version: 1, secretPrefix: null, secretLast4: null } });
    const version = await db.credentialVersion.findFirstOrThrow({ where: { credentialId: credential.id } });
    expect(version).toMatchObject({ secretSealed: null, fingerprint: null, state: "active" });
    const noLocation = await failure(() => create({ method: "track_only" }));
    expect(noLocation.fieldErrors).toEqual({ location: "Choose where the secret lives." });
    const other = await failure(() => create({ method: "track_only", location: "other" }));
    expect(other.fieldErrors).toEqual({ locationDetail: "Say where the secret lives." });
    const reveal = await failure(() => revealSecretForUse(ctx, { workspaceId, credentialId: credential.id, audit: { actorId: adminId, via: "test" } }));
    expect(reveal.code).toBe("BAD_REQUEST");
  });

  it("reports every invalid field at once, and stores nothing", async () => {
    const before = await db.credential.count();
    const error = await failure(() => createCredential(ctx, { actorId: adminId, workspaceId, input: { method: "api_key", name: " ", provider: "X", environment: "qa", secret: "short", placement: "header", rotationIntervalDays: 0 } as unknown as CreateCredentialInput }));
    expect(error.fieldErrors).toEqual({
      name: "Enter a name.",
      environment: "Choose prod, staging or dev.",
      headerName: "Enter the header the key goes in (for example X-API-Key or Authorization).",
      rotationIntervalDays: "Rotate at least every 3650 days, at most every day.",
      secret: "The API key is too short to be real (at least 8 characters).",
    });
    const unknownMethod = await failure(() => createCredential(ctx, { actorId: adminId, workspaceId, input: { ...base(), method: "smoke_signal" } as unknown as CreateCredentialInput }));
    expect(Object.keys(unknownMethod.fieldErrors ?? {})).toEqual(["method"]);
    expect(await db.credential.count()).toBe(before);
  });

  it("refuses an owner from outside the workspace and a duplicate name in the same environment", async () => {
    const owner = await failure(() => create({ method: "bearer", token: "abcdefgh12345678", ownerId: outsiderId }));
    expect(owner.fieldErrors).toEqual({ ownerId: "Choose a member of this workspace as the owner." });
    await create({ method: "bearer", name: "Outreach token", token: "abcdefgh12345678" });
    const duplicate = await failure(() => create({ method: "bearer", name: "outreach TOKEN", token: "abcdefgh12345679" }));
    expect(duplicate.fieldErrors).toEqual({ name: "A prod credential with this name already exists." });
    const staging = await create({ method: "bearer", name: "Outreach token", token: "abcdefgh12345679", environment: "staging" });
    expect(staging.environment).toBe("staging");
  });
});

describe("listing and rotation age", () => {
  let listWorkspace: string;

  beforeAll(async () => {
    const ws = await db.workspace.create({ data: { name: "Lists", slug: "lists" } });
    listWorkspace = ws.id;
    await db.membership.create({ data: { workspaceId: listWorkspace, userId: adminId, role: "admin" } });
    const now = clock.now().getTime();
    await create({ method: "bearer", name: "B old", token: "bearer-old-token-123456789", lastRotatedAt: new Date(now - 120 * DAY), workflows: ["Sync"], ownerId: adminId }, listWorkspace);
    await create({ method: "api_key", name: "A fresh", secret: "pat-na1-0123456789abcdef0123", headerName: "Authorization", lastRotatedAt: new Date(now - 5 * DAY), environment: "dev" }, listWorkspace);
    await create({ method: "track_only", name: "C vault", location: "hashicorp_vault", lastRotatedAt: new Date(now - 60 * DAY), workflows: ["Sync", "Enrich"] }, listWorkspace);
  });

  it("sorts by rotation age, oldest first, with age in days and the overdue flag", async () => {
    const list = keep(await listCredentials(ctx, { workspaceId: listWorkspace }));
    expect(list.map((c) => [c.name, c.rotationAgeDays, c.isRotationOverdue])).toEqual([
      ["B old", 120, true],
      ["C vault", 60, false],
      ["A fresh", 5, false],
    ]);
    expect(list.find((c) => c.name === "A fresh")?.current).toEqual({ version: 1, secretPrefix: "pat-", secretLast4: "0123" });
    expect((await listCredentials(ctx, { workspaceId: listWorkspace, sort: "name" })).map((c) => c.name)).toEqual(["A fresh", "B old", "C vault"]);
  });

  it("filters by method, environment, owner, workflow and overdue", async () => {
    const names = async (filters: Parameters<typeof listCredentials>[1]["filters"]) => (await listCredentials(ctx, { workspaceId: listWorkspace, filters, sort: "name" })).map((c) => c.name);
    expect(await names({ method: "api_key" })).toEqual(["A fresh"]);
    expect(await names({ environment: "dev" })).toEqual(["A fresh"]);
    expect(await names({ ownerId: adminId })).toEqual(["B old"]);
    expect(await names({ workflow: "Sync" })).toEqual(["B old", "C vault"]);
    expect(await names({ overdue: true })).toEqual(["B old"]);
    const bad = await failure(() => listCredentials(ctx, { workspaceId: listWorkspace, filters: { method: "nope" as "api_key" } }));
    expect(bad.fieldErrors).toEqual({ method: "Unknown credential method." });
  });

  it("rotates a sensitive credential every 30 days: not overdue at day 30, overdue at day 31", async () => {
    const sensitive = await create({ method: "bearer", name: "Billing admin token", token: "billing-admin-token-0123456789", sensitive: true }, listWorkspace);
    const overridden = await create({ method: "bearer", name: "Overridden", token: "overridden-token-0123456789", sensitive: true, rotationIntervalDays: 45 }, listWorkspace);
    expect([sensitive.rotationIntervalDays, overridden.rotationIntervalDays]).toEqual([30, 45]);
    const start = clock.now();
    try {
      clock.set(new Date(start.getTime() + 30 * DAY));
      let view = await getCredential(ctx, { actorId: adminId, workspaceId: listWorkspace, credentialId: sensitive.id });
      expect([view.rotationAgeDays, view.isRotationOverdue]).toEqual([30, false]);
      clock.set(new Date(start.getTime() + 31 * DAY));
      view = keep(await getCredential(ctx, { actorId: adminId, workspaceId: listWorkspace, credentialId: sensitive.id }));
      expect([view.rotationAgeDays, view.isRotationOverdue]).toEqual([31, true]);
      const listed = await listCredentials(ctx, { workspaceId: listWorkspace, filters: { overdue: true }, sort: "name" });
      expect(listed.map((c) => [c.name, c.rotationAgeDays])).toEqual([
        ["B old", 151],
        ["Billing admin token", 31],
        ["C vault", 91],
      ]);
    } finally {
      clock.set(start);
    }
  });
});

describe("rotation with overlap", () => {
  it("makes the new secret active at once, keeps the old one valid for the overlap, then retires it", async () => {
    const start = clock.now();
    try {
      const credential = await create({ method: "bearer", name: "Gong token", token: BEARER_2.replace("rotated", "original") });
      clock.advance(10 * DAY);
      const { credential: rotated } = keep(await rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id, newSecret: BEARER_2, overlapHours: 36 }));
      const overlapEndsAt = new Date(clock.now().getTime() + 36 * HOUR);
      expect(rotated.versions.map((v) => [v.version, v.state, v.overlapEndsAt, v.hasSecret])).toEqual([
        [2, "active", null, true],
        [1, "overlap", overlapEndsAt, true],
      ]);
      expect(rotated).toMatchObject({ rotationAgeDays: 0, rotatedAt: clock.now(), overlapEndsAt, current: { version: 2, secretLast4: BEARER_2.slice(-4) } });

      const audit = await db.auditLog.findFirstOrThrow({ where: { action: "credential.rotated", targetId: credential.id } });
      expect(audit.details).toEqual({ name: "Gong token", method: "bearer", version: 2, previousVersion: 1, overlapHours: 36, overlapEndsAt: overlapEndsAt.toISOString(), retiredVersions: 0, secretPrefix: "canary-" });

      const during = await revealSecretForUse(ctx, { workspaceId, credentialId: credential.id, audit: { actorId: null, via: "api", apiKeyId: "key_1", ip: "10.0.0.1" } });
      expect(during.versions.map((v) => [v.version, v.state, v.material])).toEqual([
        [2, "active", { method: "bearer", secret: BEARER_2 }],
        [1, "overlap", { method: "bearer", secret: BEARER_2.replace("rotated", "original") }],
      ]);

      clock.advance(35 * HOUR);
      expect(await retireExpiredOverlaps(ctx)).toEqual({ retired: 0 });
      clock.advance(1 * HOUR);
      expect(await retireExpiredOverlaps(ctx)).toEqual({ retired: 1 });
      expect(await retireExpiredOverlaps(ctx)).toEqual({ retired: 0 });

      const after = keep(await getCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id }));
      expect(after.versions.map((v) => [v.version, v.state, v.hasSecret, v.retiredAt])).toEqual([
        [2, "active", true, null],
        [1, "retired", false, clock.now()],
      ]);
      expect(after.overlapEndsAt).toBeNull();
      const v1 = await db.credentialVersion.findFirstOrThrow({ where: { credentialId: credential.id, version: 1 } });
      expect(v1.secretSealed).toBeNull();
      expect(v1.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      const revealed = await revealSecretForUse(ctx, { workspaceId, credentialId: credential.id, audit: { actorId: null, via: "api" } });
      expect(revealed.versions.map((v) => v.version)).toEqual([2]);
      expect(await db.auditLog.count({ where: { action: "credential.overlap_retired", targetId: credential.id } })).toBe(1);
      const reads = await db.auditLog.findMany({ where: { action: "credential.secret_read", targetId: credential.id }, orderBy: { createdAt: "asc" } });
      expect(reads.map((r) => r.details)).toEqual([
        { via: "api", apiKeyId: "key_1", ip: "10.0.0.1", userAgent: null, versions: "2,1" },
        { via: "api", apiKeyId: null, ip: null, userAgent: null, versions: "2" },
      ]);
      expect((await db.credential.findUniqueOrThrow({ where: { id: credential.id } })).lastUsedAt).toEqual(clock.now());
    } finally {
      clock.set(start);
    }
  });

  it("stops serving an overlap secret when its window ends, even before the retire job runs", async () => {
    const start = clock.now();
    try {
      const credential = await create({ method: "bearer", token: "window-token-original-0123456" });
      await rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id, newSecret: "window-token-rotated-0123456" });
      clock.advance(24 * HOUR);
      const revealed = await revealSecretForUse(ctx, { workspaceId, credentialId: credential.id, audit: { actorId: null, via: "api" } });
      expect(revealed.versions.map((v) => v.version)).toEqual([2]);
    } finally {
      clock.set(start);
    }
  });

  it("retires an older overlap at once when rotating again, so at most two secrets are valid", async () => {
    const credential = await create({ method: "bearer", name: "Triple", token: BEARER_3.replace("third", "first") });
    await rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id, newSecret: BEARER_3.replace("third", "second") });
    const { credential: again } = keep(await rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id, newSecret: BEARER_3, overlapHours: 48 }));
    expect(again.versions.map((v) => [v.version, v.state, v.hasSecret])).toEqual([
      [3, "active", true],
      [2, "overlap", true],
      [1, "retired", false],
    ]);
  });

  it("serialises concurrent rotations: each gets its own version and exactly one is active", async () => {
    const credential = await create({ method: "bearer", token: "concurrent-original-0123456" });
    await Promise.all(
      ["concurrent-rotated-a-0123456", "concurrent-rotated-b-0123456"].map((newSecret) => rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id, newSecret })),
    );
    const versions = await db.credentialVersion.findMany({ where: { credentialId: credential.id }, orderBy: { version: "asc" } });
    expect(versions.map((v) => [v.version, v.state])).toEqual([
      [1, "retired"],
      [2, "overlap"],
      [3, "active"],
    ]);
  });

  it("checks the new secret like a new credential's: prefix, same secret, overlap bounds", async () => {
    const credential = await create({ method: "api_key", name: "HubSpot private app", secret: API_KEY_2.replace("Rotated", "Original"), headerName: "Authorization", expectedPrefix: "sk_live_" });
    const wrongPrefix = await failure(() => rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id, newSecret: "sk_test_0123456789abcdefghijkl" }));
    expect(wrongPrefix.fieldErrors).toEqual({ newSecret: "This key does not start with sk_live_. Check that you pasted the right key." });
    const same = await failure(() => rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id, newSecret: API_KEY_2.replace("Rotated", "Original") }));
    expect(same.fieldErrors).toEqual({ newSecret: "This is the secret in use now. Paste the new one." });
    for (const overlapHours of [12, 49, 24.5]) {
      const error = await failure(() => rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id, newSecret: API_KEY_2, overlapHours }));
      expect(Object.keys(error.fieldErrors ?? {})).toEqual(["overlapHours"]);
    }
    const { credential: rotated } = keep(await rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id, newSecret: API_KEY_2 }));
    expect(rotated.versions[1]?.overlapEndsAt).toEqual(new Date(clock.now().getTime() + 24 * HOUR));
    expect(rotated.current).toEqual({ version: 2, secretPrefix: "sk_live_", secretLast4: API_KEY_2.slice(-4) });
  });

  it("rotates a basic-auth password and records a track-only rotation without a secret", async () => {
    const basic = await create({ method: "basic", username: "etl", password: PASSWORD_2.replace("rotated", "original") });
    const { credential } = keep(await rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: basic.id, newSecret: PASSWORD_2 }));
    expect(credential.versions.map((v) => v.state)).toEqual(["active", "overlap"]);
    const revealed = await revealSecretForUse(ctx, { workspaceId, credentialId: basic.id, audit: { actorId: adminId, via: "test" } });
    expect(revealed.versions[0]?.material).toEqual({ method: "basic", username: "etl", password: PASSWORD_2 });

    const tracked = await create({ method: "track_only", location: "one_password", lastRotatedAt: new Date(clock.now().getTime() - 100 * DAY) });
    expect(tracked.isRotationOverdue).toBe(true);
    const refused = await failure(() => rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: tracked.id, newSecret: "should-not-be-stored" }));
    expect(Object.keys(refused.fieldErrors ?? {})).toEqual(["newSecret"]);
    const { credential: recorded } = keep(await rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: tracked.id }));
    expect(recorded.versions.map((v) => [v.version, v.state])).toEqual([
      [2, "active"],
      [1, "retired"],
    ]);
    expect([recorded.rotationAgeDays, recorded.isRotationOverdue]).toEqual([0, false]);
  });
});

describe("workspace isolation and deletion", () => {
  it("answers 404 to another workspace for every operation, and lists nothing there", async () => {
    const credential = await create({ method: "bearer", name: "Isolated", token: "isolated-token-0123456789" });
    const attempts: (() => Promise<unknown>)[] = [
      () => getCredential(ctx, { actorId: outsiderId, workspaceId: otherWorkspaceId, credentialId: credential.id }),
      () => rotateCredential(ctx, { actorId: outsiderId, workspaceId: otherWorkspaceId, credentialId: credential.id, newSecret: "isolated-token-9876543210" }),
      () => deleteCredential(ctx, { actorId: outsiderId, workspaceId: otherWorkspaceId, credentialId: credential.id }),
      () => revealSecretForUse(ctx, { workspaceId: otherWorkspaceId, credentialId: credential.id, audit: { actorId: outsiderId, via: "test" } }),
    ];
    for (const attempt of attempts) {
      const error = await failure(attempt);
      expect([error.code, error.status, error.message]).toEqual(["NOT_FOUND", 404, "Credential not found."]);
    }
    expect(await listCredentials(ctx, { workspaceId: otherWorkspaceId })).toEqual([]);
    expect((await db.credentialVersion.findMany({ where: { credentialId: credential.id } })).map((v) => v.version)).toEqual([1]);
  });

  it("deletes softly: every version retired, every sealed secret gone, 404 afterwards", async () => {
    const credential = await create({ method: "bearer", name: "To delete", token: "delete-me-token-0123456789" });
    await rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id, newSecret: "delete-me-token-9876543210" });
    const deleted = keep(await deleteCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id }));
    expect(deleted).toEqual({ id: credential.id, deletedAt: clock.now() });
    const versions = await db.credentialVersion.findMany({ where: { credentialId: credential.id }, orderBy: { version: "asc" } });
    expect(versions.map((v) => [v.state, v.secretSealed])).toEqual([
      ["retired", null],
      ["retired", null],
    ]);
    expect((await failure(() => getCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id }))).code).toBe("NOT_FOUND");
    expect((await failure(() => deleteCredential(ctx, { actorId: adminId, workspaceId, credentialId: credential.id }))).code).toBe("NOT_FOUND");
    expect((await listCredentials(ctx, { workspaceId })).some((c) => c.id === credential.id)).toBe(false);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "credential.deleted", targetId: credential.id } });
    expect(audit.details).toMatchObject({ name: "To delete", method: "bearer", versionsRetired: 2 });
  });
});

describe("secret fingerprints for the leak scanner", () => {
  it("finds a credential from its raw secret, in its own workspace only, including retired and deleted ones", async () => {
    const key = await loadFingerprintKey(ctx);
    const [found] = keep(await findCredentialsByFingerprint(ctx, { workspaceId, fingerprints: [fingerprintSecret(key, API_KEY)] }));
    expect(found).toMatchObject({ name: "Stripe live key", method: "api_key", provider: "Stripe", version: 1, state: "active", isDeleted: false });
    const password = await findCredentialsByFingerprint(ctx, { workspaceId, fingerprints: [fingerprintSecret(key, PASSWORD)] });
    expect(password.map((m) => m.method)).toEqual(["basic"]);
    const deleted = await findCredentialsByFingerprint(ctx, { workspaceId, fingerprints: [fingerprintSecret(key, "delete-me-token-0123456789")] });
    expect(deleted.map((m) => [m.name, m.state, m.isDeleted])).toEqual([["To delete", "retired", true]]);
    expect(await findCredentialsByFingerprint(ctx, { workspaceId: otherWorkspaceId, fingerprints: [fingerprintSecret(key, API_KEY)] })).toEqual([]);
    expect(await findCredentialsByFingerprint(ctx, { workspaceId, fingerprints: [fingerprintSecret(key, "never-stored-secret-123")] })).toEqual([]);
    const bad = await failure(() => findCredentialsByFingerprint(ctx, { workspaceId, fingerprints: [API_KEY] }));
    expect(bad.fieldErrors).toEqual({ fingerprints: "A fingerprint is 64 hex characters (fingerprintSecret)." });
  });

  it("keeps fingerprints stable after a master-key rotation retires k1", async () => {
    const key = await loadFingerprintKey(ctx);
    const before = fingerprintSecret(key, API_KEY);
    // What keys:rotate does to the row: reseal under the new primary, then drop k1 from the file.
    const k2: Keyring = { primaryId: "k2", keys: new Map([["k2", Buffer.alloc(32, 7)]]) };
    const row = await db.fingerprintKey.findFirstOrThrow();
    const aad = aadFor("fingerprint_key", row.id, "seed");
    await db.fingerprintKey.update({ where: { id: row.id }, data: { seedSealed: seal(k2, open(keyring, row.seedSealed, aad), aad) } });
    const fresh = createDb(database.url); // no cached key
    try {
      expect(fingerprintSecret(await loadFingerprintKey({ db: fresh, keyring: k2 }), API_KEY)).toBe(before);
      expect(await fresh.fingerprintKey.count()).toBe(1);
    } finally {
      await fresh.$disconnect();
    }
  });
});

describe("canary secrets", () => {
  it("never appear in clear in any table", async () => {
    for (const needle of [...CANARIES, ...CANARY_CORES]) {
      expect([needle, await tablesContaining(database.url, needle)]).toEqual([needle, []]);
    }
  });

  it("never appear in any service result except revealSecretForUse", () => {
    expect(returned.length).toBeGreaterThan(20);
    const text = JSON.stringify(returned);
    for (const needle of [...CANARIES, ...CANARY_CORES]) expect([needle, text.includes(needle)]).toEqual([needle, false]);
    expect(text).not.toMatch(/v1:k\d+:/); // no sealed values either
  });
});
