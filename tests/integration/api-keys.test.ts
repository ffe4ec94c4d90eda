import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR, fixedClock } from "@/lib/clock";
import { credentialReadHandler } from "@/lib/server/api-keys/credential-read-handler";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/server/api-keys/manage-api-keys";
import { createCredential, type CreateCredentialInput } from "@/lib/server/credentials/create-credential";
import { deleteCredential } from "@/lib/server/credentials/delete-credential";
import { rotateCredential } from "@/lib/server/credentials/rotate-credential";
import { createDb, type Db } from "@/lib/server/db";
import { ServiceError } from "@/lib/server/errors";
import { generateKeyringFile, parseKeyring, type Keyring } from "@/lib/server/vault/keyring";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { tablesContaining } from "./support/database-text";

// Canary secrets behind the API, and the Authpulse keys themselves (which must never be stored).
const API_KEY_SECRET = "sk_live_canaryApiV1Header7c2e9a41";
const QUERY_SECRET = "canary-query-param-key-4d7e19b2";
const BEARER = "canary-v1-bearer-token-0f3b8c2d";
const BEARER_2 = "canary-v1-bearer-rotated-6a1e5f90";
const PASSWORD = "canary-v1-basic-password-8e2c";
const HMAC = "whsec_canaryV1HmacSecret3f9a0c7d";

let database: TestDatabase;
let db: Db;
const keyring: Keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
// Generated certificates are valid from the real now, so the clock starts there.
const clock = fixedClock(new Date());
let ctx: { db: Db; clock: typeof clock; keyring: Keyring };
const GET = credentialReadHandler(() => ctx);
let workspaceId: string;
let otherWorkspaceId: string;
let adminId: string;
let work: string;
const issuedKeys: string[] = [];

const ids: Record<string, string> = {};
let counter = 0;

async function create(input: Partial<CreateCredentialInput> & Pick<CreateCredentialInput, "method">, workspace = workspaceId) {
  const result = await createCredential(ctx, { actorId: adminId, workspaceId: workspace, input: { name: `Credential ${++counter}`, provider: "HubSpot", ...input } as CreateCredentialInput });
  return result.credential.id;
}

async function newKey(credentialIds: string[], options: { mode?: "live" | "test"; expiresInDays?: number; workspace?: string; name?: string; tags?: string[] } = {}) {
  const result = await createApiKey(ctx, {
    actorId: adminId,
    workspaceId: options.workspace ?? workspaceId,
    name: options.name ?? "n8n",
    mode: options.mode ?? "live",
    credentialIds,
    tags: options.tags,
    expiresInDays: options.expiresInDays,
  });
  issuedKeys.push(result.key);
  return result;
}

type CallOptions = { key?: string | null; header?: "authorization" | "x-api-key"; query?: string; ip?: string | null; userAgent?: string | null };

async function call(credentialId: string, options: CallOptions = {}) {
  const headers = new Headers();
  if (options.key !== null && options.key !== undefined) {
    if (options.header === "x-api-key") headers.set("x-api-key", options.key);
    else headers.set("authorization", `Bearer ${options.key}`);
  }
  if (options.ip !== null) headers.set("x-forwarded-for", options.ip ?? "203.0.113.7, 10.0.0.1");
  if (options.userAgent !== null) headers.set("user-agent", options.userAgent ?? "n8n/1.0 (tests)");
  const url = `http://localhost:3000/api/v1/credentials/${encodeURIComponent(credentialId)}${options.query ?? ""}`;
  const response = await GET(new Request(url, { headers }), { params: Promise.resolve({ credentialId }) });
  return { response, status: response.status, text: await response.text() };
}

const json = (text: string) => JSON.parse(text) as Record<string, unknown> & { error?: { code: string; message: string } };

async function failure(fn: () => Promise<unknown>): Promise<ServiceError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error("expected a ServiceError");
}

function selfSigned(cn: string): { certificatePem: string; privateKeyPem: string } {
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "30", "-subj", `/CN=${cn}/O=Authpulse Tests`, "-addext", `subjectAltName=DNS:${cn}`],
    { cwd: work, stdio: ["ignore", "pipe", "pipe"] },
  );
  return { certificatePem: readFileSync(join(work, "cert.pem"), "utf8"), privateKeyPem: readFileSync(join(work, "key.pem"), "utf8") };
}

let mtlsPair: { certificatePem: string; privateKeyPem: string };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "authpulse-api-keys-"));
  database = await createTestDatabase();
  db = createDb(database.url);
  ctx = { db, clock, keyring };
  const ws = await db.workspace.create({ data: { name: "Acme", slug: "acme" } });
  const other = await db.workspace.create({ data: { name: "Globex", slug: "globex" } });
  const admin = await db.user.create({ data: { email: "admin@acme.example", name: "Admin" } });
  await db.membership.create({ data: { workspaceId: ws.id, userId: admin.id, role: "admin" } });
  workspaceId = ws.id;
  otherWorkspaceId = other.id;
  adminId = admin.id;

  mtlsPair = selfSigned("client.acme.example");
  ids.apiKeyHeader = await create({ method: "api_key", name: "Stripe", provider: "Stripe", secret: API_KEY_SECRET, placement: "header", headerName: "Authorization", headerScheme: "Bearer", expectedPrefix: "sk_live_", mode: "live" });
  ids.apiKeyQuery = await create({ method: "api_key", name: "Legacy", provider: "Legacy CRM", secret: QUERY_SECRET, placement: "query", queryParam: "apikey", mode: "live" });
  ids.bearer = await create({ method: "bearer", name: "Clay", provider: "Clay", token: BEARER });
  ids.basic = await create({ method: "basic", name: "Billing", provider: "internal billing API", username: "svc-gtm", password: PASSWORD });
  ids.hmac = await create({ method: "hmac", name: "GitHub webhooks", provider: "GitHub", secret: HMAC, headerScheme: "github" });
  ids.mtls = await create({ method: "mtls", name: "Bank mTLS", provider: "Bank", ...mtlsPair });
  ids.trackOnly = await create({ method: "track_only", name: "Make webhook", provider: "Make", location: "one_password", locationDetail: "Ops vault" });
  ids.outOfScope = await create({ method: "bearer", name: "Not in scope", provider: "Apollo", token: "canary-out-of-scope-token-11aa" });
  ids.deleted = await create({ method: "bearer", name: "Soon deleted", provider: "Apollo", token: "canary-deleted-token-22bb33cc" });
  ids.otherWorkspace = await create({ method: "bearer", name: "Globex token", provider: "HubSpot", token: "canary-globex-token-44dd55ee" }, otherWorkspaceId);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
  rmSync(work, { recursive: true, force: true });
});

describe("creating, listing and revoking API keys", () => {
  it("shows the key once and stores only its SHA-256 hash, prefix and last four", async () => {
    const { key, apiKey } = await newKey([ids.bearer!, ids.basic!], { name: "Clay enrichment" });
    expect(key).toMatch(/^ap_live_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: "Clay enrichment", prefix: "ap_live_", last4: key.slice(-4), masked: `ap_live_…${key.slice(-4)}`, mode: "live", state: "active", expiresAt: null, revokedAt: null, lastUsedAt: null });
    expect(apiKey.scope).toEqual([
      { id: ids.bearer, name: "Clay", deleted: false },
      { id: ids.basic, name: "Billing", deleted: false },
    ]);
    expect(JSON.stringify(apiKey)).not.toContain(key.slice(8, -4));
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.keyHash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(await tablesContaining(database.url, key.slice(8, -4))).toEqual([]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "api_key.created", targetId: apiKey.id } });
    expect(audit).toMatchObject({ workspaceId, actorId: adminId });
    expect(JSON.stringify(audit.details)).not.toContain(key.slice(8, -4));
  });

  it("makes test keys with the ap_test_ prefix and an optional expiry", async () => {
    const { key, apiKey } = await newKey([ids.bearer!], { mode: "test", expiresInDays: 30 });
    expect(key).toMatch(/^ap_test_[A-Za-z0-9_-]{43}$/);
    expect(apiKey.expiresAt).toEqual(new Date(clock.now().getTime() + 30 * 24 * HOUR));
  });

  it("refuses credentials of another workspace, unknown or deleted ones with a 404, and bad input with a 400", async () => {
    const foreign = await failure(() => newKey([ids.bearer!, ids.otherWorkspace!]));
    expect(foreign).toMatchObject({ code: "NOT_FOUND", message: "Credential not found." });
    expect(await failure(() => newKey(["c_unknown"]))).toMatchObject({ code: "NOT_FOUND" });
    const invalid = await failure(() => createApiKey(ctx, { actorId: adminId, workspaceId, name: " ", mode: "live", credentialIds: [], expiresInDays: 0 }));
    expect(invalid.code).toBe("BAD_REQUEST");
    expect(Object.keys(invalid.fieldErrors ?? {}).sort()).toEqual(["credentialIds", "expiresInDays", "name"]);
    expect(await db.apiKey.count({ where: { workspaceId: otherWorkspaceId } })).toBe(0);
  });

  it("lists metadata only and revokes (another workspace's key is a 404)", async () => {
    const { key, apiKey } = await newKey([ids.hmac!], { name: "To revoke" });
    const revoked = await revokeApiKey(ctx, { actorId: adminId, workspaceId, apiKeyId: apiKey.id });
    expect(revoked).toMatchObject({ state: "revoked", revokedAt: clock.now() });
    expect(await failure(() => revokeApiKey(ctx, { actorId: adminId, workspaceId: otherWorkspaceId, apiKeyId: apiKey.id }))).toMatchObject({ code: "NOT_FOUND" });
    const list = await listApiKeys(ctx, { workspaceId });
    expect(list.find((k) => k.id === apiKey.id)).toMatchObject({ state: "revoked", masked: `ap_live_…${key.slice(-4)}` });
    expect(JSON.stringify(list)).not.toMatch(/ap_(live|test)_[A-Za-z0-9_-]{43}/);
    expect(await listApiKeys(ctx, { workspaceId: otherWorkspaceId })).toEqual([]);
  });
});

describe("GET /api/v1/credentials/{id}: authentication", () => {
  let validKey: string;
  const INVALID = { error: { code: "UNAUTHENTICATED", message: "Invalid API key." } };

  beforeAll(async () => {
    validKey = (await newKey([ids.bearer!])).key;
  });

  it("gives unknown, revoked, expired, wrong-prefix, malformed and missing keys the same 401 body", async () => {
    const revoked = await newKey([ids.bearer!]);
    await revokeApiKey(ctx, { actorId: adminId, workspaceId, apiKeyId: revoked.apiKey.id });
    const expired = await newKey([ids.bearer!], { expiresInDays: 1 });
    const unknown = `ap_live_${"A".repeat(43)}`;
    const wrongPrefix = `sk_live_${validKey.slice(8)}`;

    clock.advance(25 * HOUR);
    const since = clock.now();
    const attempts: CallOptions[] = [
      { key: unknown },
      { key: revoked.key },
      { key: expired.key },
      { key: wrongPrefix },
      { key: validKey.slice(0, -1) },
      { key: null },
      { key: expired.key, header: "x-api-key" },
    ];
    const results = [];
    for (const attempt of attempts) {
      clock.advance(1);
      results.push(await call(ids.bearer!, attempt));
    }
    for (const result of results) {
      expect(result.status).toBe(401);
      expect(json(result.text)).toEqual(INVALID);
      expect(result.text).toBe(results[0]!.text);
      expect(result.response.headers.get("cache-control")).toBe("no-store");
      expect(result.response.headers.get("www-authenticate")).toContain("Bearer");
    }

    const denials = await db.auditLog.findMany({ where: { action: "api_key.denied", createdAt: { gt: since } }, orderBy: { createdAt: "asc" } });
    expect(denials.map((d) => (d.details as { reason: string }).reason)).toEqual(["unknown", "revoked", "expired", "wrong_prefix", "malformed", "missing", "expired"]);
    for (const denial of denials) expect(denial).toMatchObject({ outcome: "denied", ip: "203.0.113.7", userAgent: "n8n/1.0 (tests)" });
    // The workspace is known only from a real (revoked or expired) key.
    expect(denials.map((d) => d.workspaceId)).toEqual([null, workspaceId, workspaceId, null, null, null, workspaceId]);
    expect(denials[1]).toMatchObject({ targetType: "api_key", targetId: revoked.apiKey.id });
    expect(await tablesContaining(database.url, validKey.slice(8, -4))).toEqual([]);
  });

  it("refuses a key in the query string with a 400, even next to a valid header, and audits it without the URL", async () => {
    clock.advance(1);
    const since = clock.now();
    for (const query of [`?api_key=${validKey}`, `?key=${validKey}`, `?token=abc`, `?x=${validKey}`]) {
      const result = await call(ids.bearer!, { key: validKey, query });
      expect(result.status).toBe(400);
      expect(json(result.text)).toEqual({ error: { code: "BAD_REQUEST", message: "Send the key in the Authorization header, never in a URL." } });
      expect(result.response.headers.get("cache-control")).toBe("no-store");
      expect(result.text).not.toContain(validKey.slice(8, -4));
      clock.advance(1);
    }
    const denials = await db.auditLog.findMany({ where: { action: "api_key.denied", createdAt: { gte: since } } });
    expect(denials).toHaveLength(4);
    for (const denial of denials) expect(denial).toMatchObject({ workspaceId: null, outcome: "denied", ip: "203.0.113.7", details: { reason: "key_in_url", status: 400 } });
    expect(JSON.stringify(denials)).not.toContain(validKey.slice(8, -4));
  });

  it("accepts the key in Authorization: Bearer or X-Api-Key", async () => {
    expect((await call(ids.bearer!, { key: validKey })).status).toBe(200);
    expect((await call(ids.bearer!, { key: validKey, header: "x-api-key" })).status).toBe(200);
  });
});

describe("GET /api/v1/credentials/{id}: scope", () => {
  it("answers out-of-scope, other-workspace, deleted and unknown credentials with the same 404, and audits each", async () => {
    const { key, apiKey } = await newKey([ids.bearer!, ids.deleted!]);
    await deleteCredential(ctx, { actorId: adminId, workspaceId, credentialId: ids.deleted! });
    // The other workspace's key scoped to its own credential must not reach ours either.
    const globexKey = (await newKey([ids.otherWorkspace!], { workspace: otherWorkspaceId })).key;

    const since = clock.now();
    const results = [];
    for (const [credentialId, withKey] of [[ids.outOfScope!, key], [ids.otherWorkspace!, key], [ids.deleted!, key], ["c_does_not_exist", key], [ids.bearer!, globexKey]] as const) {
      clock.advance(1);
      results.push(await call(credentialId, { key: withKey }));
    }
    for (const result of results) {
      expect(result.status).toBe(404);
      expect(json(result.text)).toEqual({ error: { code: "NOT_FOUND", message: "Credential not found." } });
      expect(result.text).toBe(results[0]!.text);
      expect(result.response.headers.get("cache-control")).toBe("no-store");
    }
    const denials = await db.auditLog.findMany({ where: { action: "credential.secret_read", outcome: "denied", createdAt: { gt: since } }, orderBy: { createdAt: "asc" } });
    expect(denials).toHaveLength(5);
    for (const denial of denials) expect(denial).toMatchObject({ ip: "203.0.113.7", userAgent: "n8n/1.0 (tests)", targetType: "credential" });
    expect(denials.slice(0, 4).every((d) => d.workspaceId === workspaceId && (d.details as { apiKeyId: string }).apiKeyId === apiKey.id)).toBe(true);
    expect(denials[4]!.workspaceId).toBe(otherWorkspaceId);
    expect(denials.map((d) => (d.details as { reason: string }).reason)).toEqual(["out_of_scope", "not_found", "not_found", "not_found", "not_found"]);
  });
});

describe("scoping API keys by tag (credential workflow labels)", () => {
  it("creates a key scoped by tags only, trimmed and deduplicated case-insensitively, listed with its tags", async () => {
    const { apiKey } = await newKey([], { name: "Tagged", tags: [" Billing Sync ", "billing sync", "nightly"] });
    expect(apiKey.scope).toEqual([]);
    expect(apiKey.tags).toEqual(["Billing Sync", "nightly"]);
    expect((await listApiKeys(ctx, { workspaceId })).find((k) => k.id === apiKey.id)).toMatchObject({ tags: ["Billing Sync", "nightly"] });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "api_key.created", targetId: apiKey.id } });
    expect(audit.details).toMatchObject({ tags: "Billing Sync,nightly", credentials: "" });
  });

  it("refuses a key with neither credential ids nor tags, and bad tags, with a 400", async () => {
    for (const scope of [{ credentialIds: [] }, { credentialIds: [], tags: [] }, { credentialIds: [" "], tags: ["  "] }]) {
      const refused = await failure(() => createApiKey(ctx, { actorId: adminId, workspaceId, name: "Nothing", mode: "live", ...scope }));
      expect(refused.code).toBe("BAD_REQUEST");
      expect(refused.fieldErrors).toMatchObject({ credentialIds: "Choose at least one credential, tag or connection this key may use." });
    }
    const tooMany = await failure(() => newKey([], { tags: Array.from({ length: 21 }, (_, i) => `tag ${i}`) }));
    expect(tooMany.fieldErrors).toMatchObject({ tags: "Use at most 20 tags." });
    const tooLong = await failure(() => newKey([], { tags: ["x".repeat(81)] }));
    expect(tooLong.fieldErrors).toMatchObject({ tags: "Use at most 80 characters per tag." });
    expect(await db.apiKey.count({ where: { name: "Nothing" } })).toBe(0);
  });

  it("reads credentials whose workflows carry a tag, case-insensitively, and 404s the rest", async () => {
    const tagged = await create({ method: "bearer", name: "HubSpot sync", token: "canary-tagged-token-5e6f7a8b", workflows: ["  Lead Routing "] });
    const untagged = await create({ method: "bearer", name: "Other flow", token: "canary-untagged-token-9c0d1e2f", workflows: ["reporting"] });
    const foreignTagged = await create({ method: "bearer", name: "Globex routing", token: "canary-globex-tagged-3a4b5c6d", workflows: ["lead routing"] }, otherWorkspaceId);
    const deletedTagged = await create({ method: "bearer", name: "Deleted routing", token: "canary-deleted-tagged-7e8f9a0b", workflows: ["lead routing"] });
    await deleteCredential(ctx, { actorId: adminId, workspaceId, credentialId: deletedTagged });
    const { key, apiKey } = await newKey([], { tags: ["LEAD routing"] });

    const ok = await call(tagged, { key });
    expect(ok.status).toBe(200);
    expect(json(ok.text)).toMatchObject({ credential: { id: tagged, method: "bearer" }, header: { value: "Bearer canary-tagged-token-5e6f7a8b" } });

    const since = clock.now();
    const refused = [];
    for (const credentialId of [untagged, foreignTagged, deletedTagged, ids.bearer!]) {
      clock.advance(1);
      refused.push(await call(credentialId, { key }));
    }
    for (const result of refused) {
      expect(result.status).toBe(404);
      expect(result.text).toBe(JSON.stringify({ error: { code: "NOT_FOUND", message: "Credential not found." } }));
    }
    const denials = await db.auditLog.findMany({ where: { action: "credential.secret_read", outcome: "denied", createdAt: { gt: since } }, orderBy: { createdAt: "asc" } });
    expect(denials.map((d) => (d.details as { reason: string; apiKeyId: string }).reason)).toEqual(["out_of_scope", "not_found", "not_found", "out_of_scope"]);
    expect(denials.every((d) => (d.details as { apiKeyId: string }).apiKeyId === apiKey.id)).toBe(true);
  });

  it("reads a credential given the tag after the key was made, and ids and tags combine", async () => {
    const later = await create({ method: "bearer", name: "Tagged later", token: "canary-later-token-1b2c3d4e", workflows: ["reporting"] });
    const { key } = await newKey([ids.basic!], { tags: ["Enrichment"] });
    expect((await call(later, { key })).status).toBe(404);
    await db.credential.update({ where: { id: later }, data: { workflows: ["reporting", "enrichment "] } });
    clock.advance(1);
    const ok = await call(later, { key });
    expect(ok.status).toBe(200);
    expect(json(ok.text)).toMatchObject({ credential: { id: later } });
    expect((await call(ids.basic!, { key })).status).toBe(200);
    await db.credential.update({ where: { id: later }, data: { workflows: ["reporting"] } });
    expect((await call(later, { key })).status).toBe(404);
  });
});

describe("GET /api/v1/credentials/{id}: what each method returns", () => {
  let key: string;
  let apiKeyId: string;

  beforeAll(async () => {
    const created = await newKey([ids.apiKeyHeader!, ids.apiKeyQuery!, ids.bearer!, ids.basic!, ids.hmac!, ids.mtls!, ids.trackOnly!], { name: "All methods" });
    key = created.key;
    apiKeyId = created.apiKey.id;
  });

  async function read(credentialId: string, options: CallOptions = {}) {
    const result = await call(credentialId, { key, ...options });
    expect(result.status, result.text).toBe(200);
    expect(result.response.headers.get("cache-control")).toBe("no-store");
    return json(result.text);
  }

  it("api_key in a header, with its scheme", async () => {
    expect(await read(ids.apiKeyHeader!)).toEqual({
      credential: { id: ids.apiKeyHeader, method: "api_key" },
      version: 1,
      overlapEndsAt: null,
      header: { name: "Authorization", value: `Bearer ${API_KEY_SECRET}` },
      previous: null,
    });
  });

  it("api_key as a query parameter", async () => {
    expect(await read(ids.apiKeyQuery!)).toMatchObject({ query: { name: "apikey", value: QUERY_SECRET }, previous: null });
  });

  it("bearer, basic (with a ready Basic header), hmac and mtls", async () => {
    expect(await read(ids.bearer!)).toMatchObject({ credential: { method: "bearer" }, header: { name: "Authorization", value: `Bearer ${BEARER}` } });
    expect(await read(ids.basic!)).toMatchObject({
      basic: { username: "svc-gtm", password: PASSWORD },
      header: { name: "Authorization", value: `Basic ${Buffer.from(`svc-gtm:${PASSWORD}`).toString("base64")}` },
    });
    expect(await read(ids.hmac!)).toMatchObject({ secret: HMAC, algorithm: "sha256", encoding: "hex", headerName: "X-Hub-Signature-256", headerScheme: "github" });
    const mtls = (await read(ids.mtls!)) as { certificatePem: string; privateKeyPem: string };
    expect(mtls.certificatePem.trim()).toBe(mtlsPair.certificatePem.trim());
    expect(mtls.privateKeyPem.trim()).toBe(mtlsPair.privateKeyPem.trim());
  });

  it("track-only answers 409 with where the secret lives", async () => {
    const result = await call(ids.trackOnly!, { key });
    expect(result.status).toBe(409);
    expect(json(result.text)).toEqual({ error: { code: "CONFLICT", message: "This credential is tracked only; its secret lives in 1Password (Ops vault)." } });
  });

  it("returns the previous secret during a rotation overlap, and not after it", async () => {
    await rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: ids.bearer!, newSecret: BEARER_2, overlapHours: 24 });
    const during = await read(ids.bearer!);
    expect(during).toMatchObject({
      version: 2,
      header: { name: "Authorization", value: `Bearer ${BEARER_2}` },
      previous: { version: 1, overlapEndsAt: new Date(clock.now().getTime() + 24 * HOUR).toISOString(), header: { name: "Authorization", value: `Bearer ${BEARER}` } },
    });
    // The clock only moves forward here, so later audit queries by time stay exact.
    clock.advance(24 * HOUR + 1);
    expect(await read(ids.bearer!)).toMatchObject({ version: 2, previous: null });
  });

  it("writes every read to the audit log with ip, user agent and outcome, and records lastUsedAt", async () => {
    const since = clock.now();
    clock.advance(1);
    await read(ids.hmac!, { ip: "198.51.100.4", userAgent: "Make/2" });
    clock.advance(1);
    await read(ids.hmac!, { ip: null, userAgent: null });
    const rows = await db.auditLog.findMany({ where: { action: "credential.secret_read", outcome: "allowed", createdAt: { gt: since } }, orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ workspaceId, targetId: ids.hmac, ip: "198.51.100.4", userAgent: "Make/2", outcome: "allowed" });
    expect(rows[0]!.details).toMatchObject({ via: "api", apiKeyId, ip: "198.51.100.4" });
    expect(rows[1]).toMatchObject({ ip: "unknown", userAgent: null, outcome: "allowed" });
    const apiKey = await db.apiKey.findUniqueOrThrow({ where: { id: apiKeyId } });
    expect(apiKey.lastUsedAt).toEqual(clock.now());
    // The track-only refusal above is recorded too.
    expect(await db.auditLog.count({ where: { action: "credential.secret_read", targetId: ids.trackOnly, outcome: "denied" } })).toBe(1);
  });
});

describe("canaries", () => {
  it("no issued Authpulse key appears in any table, and no secret appears in the audit log", async () => {
    expect(issuedKeys.length).toBeGreaterThan(5);
    for (const key of issuedKeys) expect(await tablesContaining(database.url, key.slice(8, -4))).toEqual([]);
    const audit = JSON.stringify(await db.auditLog.findMany());
    for (const secret of [API_KEY_SECRET, QUERY_SECRET, BEARER, BEARER_2, PASSWORD, HMAC]) expect(audit).not.toContain(secret.slice(8, -4));
  });
});
