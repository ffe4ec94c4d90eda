import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportPKCS8, generateKeyPair, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock, MINUTE } from "@/lib/clock";
import { createClientCredentialsConnection, anyOAuthServerKey } from "@/lib/server/connect/machine/create-client-credentials-connection";
import { createJwtBearerConnection } from "@/lib/server/connect/machine/create-jwt-bearer-connection";
import { createJwtLoginConnection } from "@/lib/server/connect/machine/create-jwt-login-connection";
import { openMachineConfig } from "@/lib/server/connect/machine/machine-config";
import { getMachineConfigView } from "@/lib/server/connect/machine/machine-config-view";
import { renewMachineConnection } from "@/lib/server/connect/machine/renew-machine-connection";
import { createDb, type Db } from "@/lib/server/db";
import { demoClientIds, demoClients } from "@/lib/server/demo-provider/demo-clients";
import { startDemoProvider, type DemoProvider } from "@/lib/server/demo-provider/start-demo-provider";
import { ServiceError } from "@/lib/server/errors";
import { introspectToken } from "@/lib/server/oauth/introspect-token";
import { jwtBearerGrantType } from "@/lib/server/oauth/jwt-bearer";
import { aadFor } from "@/lib/server/vault/aad";
import { generateKeyringFile, parseKeyring } from "@/lib/server/vault/keyring";
import { open } from "@/lib/server/vault/seal";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { tablesContaining } from "./support/database-text";

// Canary secrets: none may ever appear in a table in clear, nor in an error message.
const CLIENT_SECRET = `canary-client-secret-${randomBytes(18).toString("hex")}`;
const WRONG_SECRET = `canary-wrong-secret-${randomBytes(18).toString("hex")}`;
const LOGIN_PASSWORD = `canary-login-password-${randomBytes(12).toString("hex")}`;
const WRONG_PASSWORD = `canary-wrong-password-${randomBytes(12).toString("hex")}`;
const LOGIN_API_KEY = `canary-login-api-key-${randomBytes(12).toString("hex")}`;
const OAUTH_CLIENT_FILE_SECRET = `canary-oauth-client-file-secret-${randomBytes(8).toString("hex")}`;

const SERVICE_ACCOUNT = "sync@authpulse-test.iam.gserviceaccount.com";
const PKJWT_CLIENT = "authpulse-pkjwt";

let database: TestDatabase;
let db: Db;
const keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
const clock = fixedClock(new Date());
let ctx: { db: Db; clock: typeof clock; keyring: typeof keyring };
let workspaceId: string;
let otherWorkspaceId: string;
let userId: string;

let demo: DemoProvider;
let rsa: { pem: string; publicKey: CryptoKey };
let otherPem: string;
/** A line from the middle of a PEM: enough to find the key in a dump, never a header line. */
const pemCanary = (pem: string) => pem.split("\n")[3] ?? "unreachable";
const addedEnv: string[] = [];

// --- a loopback server that plays a verifying token endpoint and a login API ------------------------

type Answer = { status: number; body: unknown; contentType?: string };
type Seen = { path: string; form: URLSearchParams; json: unknown; headers: IncomingMessage["headers"]; claims?: JWTPayload };
let server: Server;
let base: string;
const seen: Seen[] = [];
let tokenMode: "ok" | "invalid_client" | "unavailable" = "ok";
const loginSigningKey = new TextEncoder().encode(randomBytes(32).toString("hex"));

function oauthError(status: number, error: string, description: string): Answer {
  return { status, body: { error, error_description: description } };
}

async function answer(path: string, raw: string, headers: IncomingMessage["headers"]): Promise<Answer> {
  const form = new URLSearchParams(raw);
  let json: unknown = null;
  try {
    json = JSON.parse(raw);
  } catch {
    // a form body
  }
  const record: Seen = { path, form, json, headers };
  seen.push(record);
  const audience = path === "/as-google" ? "https://oauth2.googleapis.com/token" : `${base}${path}`;
  if (tokenMode === "unavailable") return { status: 503, body: "down for maintenance", contentType: "text/plain" };
  if (path === "/client-token") {
    if (tokenMode === "invalid_client") return oauthError(401, "invalid_client", "client disabled");
    if (form.get("grant_type") !== "client_credentials") return oauthError(400, "unsupported_grant_type", "client_credentials only");
    try {
      const { payload } = await jwtVerify(form.get("client_assertion") ?? "", rsa.publicKey, { issuer: PKJWT_CLIENT, subject: PKJWT_CLIENT, audience, algorithms: ["RS256"], requiredClaims: ["exp", "iat", "jti"] });
      record.claims = payload;
    } catch {
      return oauthError(401, "invalid_client", "client assertion rejected");
    }
    return { status: 200, body: { access_token: `cc-${randomBytes(16).toString("hex")}`, token_type: "Bearer", expires_in: 900, scope: form.get("scope") ?? undefined } };
  }
  if (path === "/jwt-bearer" || path === "/as-google") {
    if (tokenMode === "invalid_client") return oauthError(400, "invalid_grant", "Invalid JWT Signature.");
    if (form.get("grant_type") !== jwtBearerGrantType) return oauthError(400, "unsupported_grant_type", "jwt-bearer only");
    try {
      const { payload } = await jwtVerify(form.get("assertion") ?? "", rsa.publicKey, { issuer: SERVICE_ACCOUNT, audience, algorithms: ["RS256"], requiredClaims: ["exp", "iat", "scope"] });
      if ((payload.exp ?? 0) - (payload.iat ?? 0) > 3600) throw new Error("assertion lives longer than one hour");
      if ((payload.exp ?? 0) > Math.floor(Date.now() / 1000) + 3600 + 5) throw new Error("exp more than one hour away");
      record.claims = payload;
    } catch {
      return oauthError(400, "invalid_grant", "Invalid JWT Signature.");
    }
    // Google's answer carries no scope.
    return { status: 200, body: { access_token: `sa-${randomBytes(16).toString("hex")}`, token_type: "Bearer", expires_in: 3599 } };
  }
  if (path === "/api/login") {
    const credentials = (json ?? {}) as { email?: string; password?: string };
    if (headers["x-api-key"] !== LOGIN_API_KEY || credentials.password !== LOGIN_PASSWORD) {
      // A careless API that echoes what it was sent.
      return { status: 401, body: { error: { message: `Invalid credentials for ${credentials.email ?? "?"} with password ${credentials.password ?? "?"}` } } };
    }
    const exp = Math.floor(Date.now() / 1000) + 1800;
    const token = await new SignJWT({ scope: "tables.read" }).setProtectedHeader({ alg: "HS256" }).setSubject(credentials.email ?? "").setJti(randomUUID()).setIssuedAt().setExpirationTime(exp).sign(loginSigningKey);
    return { status: 200, body: { data: { token, user: { email: credentials.email } } } };
  }
  return { status: 404, body: { message: "no such route" } };
}

async function startServer(): Promise<void> {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void answer(request.url ?? "/", Buffer.concat(chunks).toString("utf8"), request.headers)
        .then((result) => {
          response.writeHead(result.status, { "content-type": result.contentType ?? "application/json", "cache-control": "no-store" });
          response.end(typeof result.body === "string" ? result.body : JSON.stringify(result.body));
        })
        .catch(() => {
          response.writeHead(500);
          response.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// --- setup ------------------------------------------------------------------------------------------

function setEnv(name: string, value: string) {
  if (process.env[name] === undefined) addedEnv.push(name);
  process.env[name] = value;
}

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  rsa = { pem: await exportPKCS8(pair.privateKey), publicKey: pair.publicKey };
  otherPem = await exportPKCS8((await generateKeyPair("RS256", { extractable: true })).privateKey);
  await startServer();
  demo = await startDemoProvider({ port: 0, clients: demoClients({ redirectUris: ["http://localhost:3000/api/oauth/callback"], clientSecret: CLIENT_SECRET }), accessTokenTtlSeconds: 600 });
  database = await createTestDatabase();
  db = createDb(database.url);
  ctx = { db, clock, keyring };
  // The demo provider's catalog entry exists when the app runs it (DEMO_PROVIDER_URL), as under `npm start`.
  setEnv("DATABASE_URL", database.url);
  setEnv("NEXTAUTH_URL", "http://localhost:3000");
  setEnv("NEXTAUTH_SECRET", randomBytes(24).toString("hex"));
  setEnv("DEMO_PROVIDER_URL", demo.issuer);
  const ws = await db.workspace.create({ data: { name: "W", slug: "w-machine" } });
  const other = await db.workspace.create({ data: { name: "Other", slug: "w-other" } });
  const user = await db.user.create({ data: { email: "admin@example.com", name: "Admin" } });
  workspaceId = ws.id;
  otherWorkspaceId = other.id;
  userId = user.id;
});

afterAll(async () => {
  for (const name of addedEnv) delete process.env[name];
  await db?.$disconnect();
  await database?.drop();
  await demo?.close();
  await new Promise<void>((resolve) => {
    server?.close(() => resolve());
    server?.closeAllConnections();
  });
});

beforeEach(() => {
  clock.set(new Date());
  tokenMode = "ok";
});

async function failure(run: Promise<unknown>, canaries: readonly string[] = []): Promise<ServiceError> {
  const error = await run.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ServiceError);
  const serviceError = error as ServiceError;
  const text = `${serviceError.message} ${JSON.stringify(serviceError.fieldErrors ?? {})} ${JSON.stringify(serviceError.details)} ${serviceError.stack ?? ""}`;
  for (const canary of canaries) expect(text).not.toContain(canary);
  return serviceError;
}

const accessTokenOf = (row: { id: string; accessTokenSealed: string | null }) => open(keyring, row.accessTokenSealed ?? "", aadFor("connection", row.id, "access_token"));
const connectionCount = () => db.connection.count();

// --- client credentials ----------------------------------------------------------------------------

describe("client credentials", () => {
  it("connects the demo provider with client_secret_basic: a real token, sealed, with expiry and granted scopes", async () => {
    const result = await createClientCredentialsConnection(ctx, {
      workspaceId,
      actorId: userId,
      providerKey: "authpulse-demo",
      clientId: demoClientIds.basic,
      authMethod: "client_secret_basic",
      clientSecret: CLIENT_SECRET,
      scopes: ["crm.read", "contacts.read"],
      label: "Demo nightly sync",
    });
    const row = await db.connection.findUniqueOrThrow({ where: { id: result.connectionId } });
    expect(row).toMatchObject({
      method: "client_credentials",
      providerKey: "authpulse-demo",
      label: "Demo nightly sync",
      environment: "prod",
      status: "active",
      tokenType: "bearer",
      requestedScopes: ["crm.read", "contacts.read"],
      grantedScopes: ["crm.read", "contacts.read"],
      grantedScopesKnown: true,
      accountSubject: demoClientIds.basic,
      authorizedById: userId,
      refreshTokenSealed: null,
    });
    expect(row.accessTokenExpiresAt?.getTime()).toBe(clock.now().getTime() + 600_000);
    expect(row.accessTokenSealed).toMatch(/^v1:k1:/);
    expect(row.configSealed).toMatch(/^v1:k1:/);

    // The sealed token is the provider's live token.
    const accessToken = accessTokenOf(row);
    const introspection = await introspectToken({ introspectionEndpoint: `${demo.issuer}/token/introspection`, token: accessToken, clientId: demoClientIds.basic, clientSecret: CLIENT_SECRET, authMethod: "client_secret_basic" });
    expect(introspection).toMatchObject({ active: true, clientId: demoClientIds.basic, scope: ["crm.read", "contacts.read"] });

    // The sealed settings are what a renewal repeats; the secret exists only inside them.
    expect(openMachineConfig(keyring, row.id, row.configSealed)).toEqual({
      v: 1,
      method: "client_credentials",
      tokenUrl: `${demo.issuer}/token`,
      clientId: demoClientIds.basic,
      authMethod: "client_secret_basic",
      clientSecret: CLIENT_SECRET,
      scopes: ["crm.read", "contacts.read"],
      scopeSeparator: " ",
    });
    expect(await tablesContaining(database.url, CLIENT_SECRET)).toEqual([]);
    expect(await tablesContaining(database.url, accessToken)).toEqual([]);

    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: row.id, action: "connection.connected" } });
    expect(audit.details).toMatchObject({ provider: "authpulse-demo", method: "client_credentials", clientId: demoClientIds.basic, authMethod: "client_secret_basic", scopes: "crm.read contacts.read" });

    expect(await getMachineConfigView(ctx, { workspaceId, connectionId: row.id })).toEqual({
      method: "client_credentials",
      tokenUrl: `${demo.issuer}/token`,
      clientId: demoClientIds.basic,
      authMethod: "client_secret_basic",
      keyId: null,
      scopes: ["crm.read", "contacts.read"],
    });
    // Another workspace cannot read it.
    expect(await getMachineConfigView(ctx, { workspaceId: otherWorkspaceId, connectionId: row.id })).toBeNull();
  });

  it("connects any OAuth server by its typed token URL with client_secret_post; granted scopes come from the response", async () => {
    const result = await createClientCredentialsConnection(ctx, {
      workspaceId,
      actorId: userId,
      providerKey: anyOAuthServerKey,
      tokenUrl: `${demo.issuer}/token`,
      clientId: demoClientIds.post,
      authMethod: "client_secret_post",
      clientSecret: CLIENT_SECRET,
      scopes: ["crm.write", "no.such.scope"],
      label: "Writer",
      environment: "staging",
    });
    const row = await db.connection.findUniqueOrThrow({ where: { id: result.connectionId } });
    expect(row).toMatchObject({ providerKey: "127.0.0.1", environment: "staging", requestedScopes: ["crm.write", "no.such.scope"], grantedScopes: ["crm.write"], grantedScopesKnown: true });
    expect(result.grantedScopes).toEqual(["crm.write"]);
  });

  it("says the provider rejected the client id or secret, stores nothing and never echoes the secret", async () => {
    const before = await connectionCount();
    const auditsBefore = await db.auditLog.count();
    for (const authMethod of ["client_secret_basic", "client_secret_post"] as const) {
      const error = await failure(
        createClientCredentialsConnection(ctx, {
          workspaceId,
          actorId: userId,
          providerKey: "authpulse-demo",
          clientId: authMethod === "client_secret_basic" ? demoClientIds.basic : demoClientIds.post,
          authMethod,
          clientSecret: WRONG_SECRET,
          scopes: ["crm.read"],
          label: "Wrong secret",
        }),
        [WRONG_SECRET, CLIENT_SECRET],
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(/^The provider rejected the client id or secret/);
      expect(error.details).toMatchObject({ reason: "oauth_error", oauthError: "invalid_client", status: 401 });
    }
    expect(await connectionCount()).toBe(before);
    expect(await db.auditLog.count()).toBe(auditsBefore);
    expect(await tablesContaining(database.url, WRONG_SECRET)).toEqual([]);
  });

  it("checks the form before calling anyone: missing secret, missing token URL, a provider without the grant, http to a public host", async () => {
    const common = { workspaceId, actorId: userId, clientId: "c", scopes: [], label: "x" };
    expect((await failure(createClientCredentialsConnection(ctx, { ...common, providerKey: "authpulse-demo", authMethod: "client_secret_basic" }))).fieldErrors).toEqual({ clientSecret: "Enter the client secret." });
    expect((await failure(createClientCredentialsConnection(ctx, { ...common, providerKey: anyOAuthServerKey, authMethod: "client_secret_post", clientSecret: "s" }))).fieldErrors).toEqual({ tokenUrl: "Enter the token URL of the OAuth server." });
    expect((await failure(createClientCredentialsConnection(ctx, { ...common, providerKey: "hubspot", authMethod: "client_secret_post", clientSecret: "s" }))).fieldErrors?.providerKey).toMatch(/HubSpot does not offer the client credentials grant/);
    expect((await failure(createClientCredentialsConnection(ctx, { ...common, providerKey: "no-such-provider", authMethod: "client_secret_post", clientSecret: "s" }))).fieldErrors?.providerKey).toMatch(/Unknown provider/);
    expect((await failure(createClientCredentialsConnection(ctx, { ...common, providerKey: anyOAuthServerKey, tokenUrl: "http://auth.example.com/token", authMethod: "client_secret_post", clientSecret: "s" }))).fieldErrors?.tokenUrl).toMatch(/https/);
    expect((await failure(createClientCredentialsConnection(ctx, { ...common, providerKey: anyOAuthServerKey, tokenUrl: `${base}/client-token`, authMethod: "private_key_jwt" }))).fieldErrors).toEqual({ privateKey: expect.stringMatching(/private key/) });
  });

  it("renews by repeating the grant: a new live token and a later expiry", async () => {
    const { connectionId } = await createClientCredentialsConnection(ctx, { workspaceId, actorId: userId, providerKey: "authpulse-demo", clientId: demoClientIds.basic, authMethod: "client_secret_basic", clientSecret: CLIENT_SECRET, scopes: ["crm.read"], label: "Renewed" });
    const first = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    clock.advance(10 * MINUTE);
    const renewal = await renewMachineConnection(ctx, { workspaceId, connectionId, actorId: userId });
    const second = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(renewal).toMatchObject({ connectionId, method: "client_credentials", previousExpiresAt: first.accessTokenExpiresAt, grantedScopes: ["crm.read"], grantedScopesKnown: true });
    expect(second.accessTokenExpiresAt?.getTime()).toBe((first.accessTokenExpiresAt?.getTime() ?? 0) + 10 * MINUTE);
    expect(renewal.expiresAt).toEqual(second.accessTokenExpiresAt);
    expect(second.lastRefreshedAt).toEqual(clock.now());
    expect(accessTokenOf(second)).not.toBe(accessTokenOf(first));
    const introspection = await introspectToken({ introspectionEndpoint: `${demo.issuer}/token/introspection`, token: accessTokenOf(second), clientId: demoClientIds.basic, clientSecret: CLIENT_SECRET, authMethod: "client_secret_basic" });
    expect(introspection.active).toBe(true);
    expect(await db.auditLog.count({ where: { targetId: connectionId, action: "connection.renewed" } })).toBe(1);
  });

  it("authenticates with private_key_jwt at a server that verifies the assertion, and renews with a fresh assertion", async () => {
    const { connectionId } = await createClientCredentialsConnection(ctx, {
      workspaceId,
      actorId: userId,
      providerKey: anyOAuthServerKey,
      tokenUrl: `${base}/client-token`,
      clientId: PKJWT_CLIENT,
      authMethod: "private_key_jwt",
      privateKeyPem: rsa.pem,
      keyId: "rsa-1",
      scopes: ["reports.read"],
      label: "Reports",
    });
    const first = seen.at(-1);
    expect(first?.claims).toMatchObject({ iss: PKJWT_CLIENT, sub: PKJWT_CLIENT, aud: `${base}/client-token` });
    expect(first?.form.get("client_secret")).toBeNull();
    expect(first?.form.get("scope")).toBe("reports.read");
    const row = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row).toMatchObject({ grantedScopes: ["reports.read"], grantedScopesKnown: true, tokenType: "bearer" });
    expect(row.accessTokenExpiresAt?.getTime()).toBe(clock.now().getTime() + 900_000);
    expect(await getMachineConfigView(ctx, { workspaceId, connectionId })).toMatchObject({ authMethod: "private_key_jwt", keyId: "rsa-1", clientId: PKJWT_CLIENT });

    await renewMachineConnection(ctx, { workspaceId, connectionId });
    const second = seen.at(-1);
    expect(second?.claims?.jti).toBeDefined();
    expect(second?.claims?.jti).not.toBe(first?.claims?.jti);
    expect(await tablesContaining(database.url, pemCanary(rsa.pem))).toEqual([]);
  });

  it("says the signed assertion was rejected when the key does not match, and stores nothing", async () => {
    const before = await connectionCount();
    const error = await failure(
      createClientCredentialsConnection(ctx, { workspaceId, actorId: userId, providerKey: anyOAuthServerKey, tokenUrl: `${base}/client-token`, clientId: PKJWT_CLIENT, authMethod: "private_key_jwt", privateKeyPem: otherPem, scopes: [], label: "Bad key" }),
      [pemCanary(otherPem)],
    );
    expect(error.message).toMatch(/rejected the client id or the signed client assertion \(private_key_jwt\)/);
    expect(await connectionCount()).toBe(before);
    expect(await tablesContaining(database.url, pemCanary(otherPem))).toEqual([]);
  });
});

describe("renewal failures", () => {
  async function pkjwtConnection(): Promise<string> {
    const { connectionId } = await createClientCredentialsConnection(ctx, { workspaceId, actorId: userId, providerKey: anyOAuthServerKey, tokenUrl: `${base}/client-token`, clientId: PKJWT_CLIENT, authMethod: "private_key_jwt", privateKeyPem: rsa.pem, scopes: [], label: "Renew failures" });
    return connectionId;
  }

  it("a rejected client marks the connection as in error with the reason; the next good renewal clears it", async () => {
    const connectionId = await pkjwtConnection();
    const before = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    tokenMode = "invalid_client";
    const error = await failure(renewMachineConnection(ctx, { workspaceId, connectionId, actorId: userId }), [pemCanary(rsa.pem)]);
    expect(error.code).toBe("BAD_REQUEST");
    const failed = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(failed).toMatchObject({ status: "error", statusReason: error.message, accessTokenSealed: before.accessTokenSealed, accessTokenExpiresAt: before.accessTokenExpiresAt });
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: connectionId, action: "connection.renew_failed" } });
    expect(audit.details).toMatchObject({ method: "client_credentials", reason: "oauth_error", permanent: true });

    tokenMode = "ok";
    await renewMachineConnection(ctx, { workspaceId, connectionId });
    expect(await db.connection.findUniqueOrThrow({ where: { id: connectionId } })).toMatchObject({ status: "active", statusReason: null });
  });

  it("a provider outage leaves the connection as it was (retrying may help)", async () => {
    const connectionId = await pkjwtConnection();
    tokenMode = "unavailable";
    const error = await failure(renewMachineConnection(ctx, { workspaceId, connectionId }));
    expect(error.code).toBe("UNAVAILABLE");
    expect(error.message).toMatch(/HTTP 503/);
    expect(await db.connection.findUniqueOrThrow({ where: { id: connectionId } })).toMatchObject({ status: "active", statusReason: null });
    expect((await db.auditLog.findFirstOrThrow({ where: { targetId: connectionId, action: "connection.renew_failed" } })).details).toMatchObject({ permanent: false });
  });

  it("refuses a disconnected connection, another workspace's connection, and a consent-screen connection", async () => {
    const connectionId = await pkjwtConnection();
    expect((await failure(renewMachineConnection(ctx, { workspaceId: otherWorkspaceId, connectionId }))).code).toBe("NOT_FOUND");
    await db.connection.update({ where: { id: connectionId }, data: { status: "disconnected", accessTokenSealed: null } });
    const calls = seen.length;
    expect((await failure(renewMachineConnection(ctx, { workspaceId, connectionId }))).code).toBe("CONFLICT");
    expect(seen.length).toBe(calls);
    const consent = await db.connection.create({ data: { workspaceId, providerKey: "authpulse-demo", method: "authorization_code", label: "Consent" } });
    expect((await failure(renewMachineConnection(ctx, { workspaceId, connectionId: consent.id }))).message).toMatch(/consent screen/);
  });

  it("settings sealed for another row do not open (AAD binds them to their connection)", async () => {
    const a = await pkjwtConnection();
    const b = await pkjwtConnection();
    const rowA = await db.connection.findUniqueOrThrow({ where: { id: a } });
    await db.connection.update({ where: { id: b }, data: { configSealed: rowA.configSealed } });
    const error = await failure(renewMachineConnection(ctx, { workspaceId, connectionId: b }));
    expect(error.message).toBe("The stored settings of this connection cannot be read. Create the connection again.");
    expect(await db.connection.findUniqueOrThrow({ where: { id: b } })).toMatchObject({ status: "error" });
  });
});

// --- JWT bearer (service accounts) -----------------------------------------------------------------

describe("service account (JWT bearer)", () => {
  const keyFile = (overrides: Record<string, unknown> = {}) =>
    JSON.stringify({
      type: "service_account",
      project_id: "authpulse-test",
      private_key_id: "key-1",
      private_key: rsa.pem,
      client_email: SERVICE_ACCOUNT,
      client_id: "1234567890",
      token_uri: `${base}/jwt-bearer`,
      ...overrides,
    });
  const scopes = ["https://www.googleapis.com/auth/admin.directory.user.readonly", "https://www.googleapis.com/auth/calendar.readonly"];

  it("exchanges an assertion (iss, aud = token_uri, exp ≤ 1 h, scope, sub) and stores the key sealed", async () => {
    const { connectionId } = await createJwtBearerConnection(ctx, { workspaceId, actorId: userId, serviceAccountKey: keyFile(), scopes, subject: "admin@example.com", label: "Directory sync" });
    const request = seen.at(-1);
    expect(request?.claims).toMatchObject({ iss: SERVICE_ACCOUNT, sub: "admin@example.com", aud: `${base}/jwt-bearer`, scope: scopes.join(" ") });
    expect((request?.claims?.exp ?? 0) - (request?.claims?.iat ?? 0)).toBeLessThanOrEqual(3600);
    expect([...(request?.form.keys() ?? [])].sort()).toEqual(["assertion", "grant_type"]);

    const row = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row).toMatchObject({
      method: "jwt_bearer",
      providerKey: "127.0.0.1",
      accountEmail: SERVICE_ACCOUNT,
      accountSubject: "admin@example.com",
      requestedScopes: scopes,
      grantedScopes: scopes,
      grantedScopesKnown: false,
      tokenType: "bearer",
    });
    expect(row.accessTokenExpiresAt?.getTime()).toBe(clock.now().getTime() + 3599_000);
    expect(await getMachineConfigView(ctx, { workspaceId, connectionId })).toEqual({
      method: "jwt_bearer",
      tokenUrl: `${base}/jwt-bearer`,
      serviceAccountEmail: SERVICE_ACCOUNT,
      keyId: "key-1",
      projectId: "authpulse-test",
      subject: "admin@example.com",
      scopes,
    });
    expect(await tablesContaining(database.url, pemCanary(rsa.pem))).toEqual([]);
    expect(await tablesContaining(database.url, accessTokenOf(row))).toEqual([]);

    const renewal = await renewMachineConnection(ctx, { workspaceId, connectionId });
    expect(seen.at(-1)?.claims?.sub).toBe("admin@example.com");
    expect(renewal.method).toBe("jwt_bearer");
  });

  it("acts as the service account itself when no subject is given (no sub claim)", async () => {
    const { connectionId } = await createJwtBearerConnection(ctx, { workspaceId, actorId: userId, serviceAccountKey: keyFile(), scopes: ["https://www.googleapis.com/auth/cloud-platform"], subject: "", label: "Cloud" });
    expect(seen.at(-1)?.claims?.sub).toBeUndefined();
    expect(await db.connection.findUniqueOrThrow({ where: { id: connectionId } })).toMatchObject({ accountSubject: SERVICE_ACCOUNT, accountEmail: SERVICE_ACCOUNT });
  });

  it("files keys for Google's token endpoint under Google Workspace", async () => {
    // The injected fetch sends Google's token request to the local server, which verifies aud = Google's token URL.
    const googleTokenUri = "https://oauth2.googleapis.com/token";
    const sent: string[] = [];
    const fetchAsGoogle = (url: string, init: RequestInit) => {
      sent.push(url);
      return globalThis.fetch(`${base}/as-google`, init);
    };
    const { connectionId } = await createJwtBearerConnection({ ...ctx, fetch: fetchAsGoogle }, { workspaceId, actorId: userId, serviceAccountKey: keyFile({ token_uri: googleTokenUri }), scopes: ["https://www.googleapis.com/auth/cloud-platform"], label: "Google" });
    expect(sent).toEqual([googleTokenUri]);
    expect(seen.at(-1)?.claims?.aud).toBe(googleTokenUri);
    expect(await db.connection.findUniqueOrThrow({ where: { id: connectionId } })).toMatchObject({ providerKey: "google-workspace", method: "jwt_bearer" });
  });

  it("says clearly when the file is not a service-account key, never echoing its contents", async () => {
    const before = await connectionCount();
    const oauthClientFile = JSON.stringify({ installed: { client_id: "x.apps.googleusercontent.com", client_secret: OAUTH_CLIENT_FILE_SECRET, redirect_uris: ["http://localhost"] } });
    const cases: Array<[unknown, RegExp]> = [
      [oauthClientFile, /OAuth client file \(client_secret\.json\), not a service-account key/],
      [rsa.pem, /This file is not JSON/],
      [JSON.stringify({ type: "authorized_user", refresh_token: OAUTH_CLIENT_FILE_SECRET }), /user credential \(authorized_user\)/],
      [keyFile({ private_key: "nope" }), /incomplete or damaged: check private_key/],
      [keyFile({ token_uri: "http://oauth2.example.com/token" }), /incomplete or damaged: check token_uri/],
    ];
    for (const [file, message] of cases) {
      const error = await failure(createJwtBearerConnection(ctx, { workspaceId, actorId: userId, serviceAccountKey: file, scopes: ["a"], label: "Wrong file" }), [OAUTH_CLIENT_FILE_SECRET, pemCanary(rsa.pem)]);
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fieldErrors?.serviceAccountKey).toMatch(message);
    }
    expect(await connectionCount()).toBe(before);
  });

  it("says the provider rejected the assertion when the key is not the service account's, and stores nothing", async () => {
    const before = await connectionCount();
    const error = await failure(createJwtBearerConnection(ctx, { workspaceId, actorId: userId, serviceAccountKey: keyFile({ private_key: otherPem }), scopes: ["a"], label: "Other key" }), [pemCanary(otherPem)]);
    expect(error.message).toMatch(/^The provider rejected the service-account assertion \(invalid_grant\)/);
    expect(await connectionCount()).toBe(before);
    expect(await tablesContaining(database.url, pemCanary(otherPem))).toEqual([]);
  });
});

// --- JWT login (Clay-style HTTP API) ---------------------------------------------------------------

describe("JWT login (HTTP API)", () => {
  const login = (overrides: Record<string, unknown> = {}) => ({
    workspaceId,
    actorId: userId,
    label: "Enrichment API",
    method: "POST",
    url: `${base}/api/login`,
    headers: { "X-Api-Key": LOGIN_API_KEY },
    body: { email: "ops@example.com", password: LOGIN_PASSWORD, otp: null },
    removeNulls: true,
    tokenPath: "data.token",
    ...overrides,
  });

  it("logs in, stores the token sealed with the JWT's exp as expiry, and the request (password, API key) sealed", async () => {
    const { connectionId, expiresAt } = await createJwtLoginConnection(ctx, login());
    const request = seen.at(-1);
    expect(request?.json).toEqual({ email: "ops@example.com", password: LOGIN_PASSWORD });
    const row = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row).toMatchObject({ method: "jwt_login", providerKey: "127.0.0.1", tokenType: "Bearer", accountSubject: "ops@example.com", requestedScopes: [], grantedScopesKnown: false });
    expect(Math.abs((row.accessTokenExpiresAt?.getTime() ?? 0) - (Date.now() + 1800_000))).toBeLessThan(5000);
    expect(row.accessTokenExpiresAt).toEqual(expiresAt);
    expect(row.accessTokenExpiresAt?.getMilliseconds()).toBe(0);
    const config = openMachineConfig(keyring, row.id, row.configSealed);
    expect(config).toMatchObject({ method: "jwt_login", request: { headers: { "X-Api-Key": LOGIN_API_KEY }, body: { password: LOGIN_PASSWORD }, tokenType: "Bearer", headerName: "Authorization" } });
    expect(await getMachineConfigView(ctx, { workspaceId, connectionId })).toEqual({
      method: "jwt_login",
      httpMethod: "POST",
      loginUrl: `${base}/api/login`,
      tokenPath: "data.token",
      tokenType: "Bearer",
      headerName: "Authorization",
      headerNames: ["X-Api-Key"],
      hasBody: true,
      removeNulls: true,
      expiry: { source: "jwt" },
    });
    for (const canary of [LOGIN_PASSWORD, LOGIN_API_KEY, accessTokenOf(row)]) expect(await tablesContaining(database.url, canary)).toEqual([]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: connectionId, action: "connection.connected" } });
    expect(audit.details).toMatchObject({ method: "jwt_login", loginHost: "127.0.0.1", tokenPath: "data.token", expirySource: "jwt" });

    const renewal = await renewMachineConnection(ctx, { workspaceId, connectionId });
    const renewed = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(accessTokenOf(renewed)).not.toBe(accessTokenOf(row));
    expect(renewal.expiresAt).toEqual(renewed.accessTokenExpiresAt);
  });

  it("uses a configured lifetime and token type when given", async () => {
    const { connectionId } = await createJwtLoginConnection(ctx, login({ expiresInSeconds: "900", tokenType: "Token", headerName: "X-Auth" }));
    const row = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.accessTokenExpiresAt?.getTime()).toBe(clock.now().getTime() + 900_000);
    expect(row.tokenType).toBe("Token");
    expect(await getMachineConfigView(ctx, { workspaceId, connectionId })).toMatchObject({ headerName: "X-Auth", tokenType: "Token", expiry: { source: "configured", seconds: 900 } });
  });

  it("a 401 is a clear error that never repeats the password, and nothing is stored", async () => {
    const before = await connectionCount();
    const error = await failure(createJwtLoginConnection(ctx, login({ body: { email: "ops@example.com", password: WRONG_PASSWORD } })), [WRONG_PASSWORD, LOGIN_PASSWORD, LOGIN_API_KEY]);
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/^The login request failed with HTTP 401\. Check the credentials in the login request\./);
    expect(error.details).toMatchObject({ method: "jwt_login", reason: "http_error", status: 401 });
    expect(await connectionCount()).toBe(before);
    expect(await tablesContaining(database.url, WRONG_PASSWORD)).toEqual([]);
  });

  it("says where the token path went wrong, and refuses bad settings before sending anything", async () => {
    const pathError = await failure(createJwtLoginConnection(ctx, login({ tokenPath: "data.jwt" })), [LOGIN_PASSWORD]);
    expect(pathError.message).toMatch(/no token at "data\.jwt"/);
    const calls = seen.length;
    expect((await failure(createJwtLoginConnection(ctx, login({ url: "http://api.example.com/login" })))).fieldErrors?.url).toMatch(/https/);
    expect((await failure(createJwtLoginConnection(ctx, login({ method: "DELETE" })))).fieldErrors?.method).toMatch(/GET, POST, PUT or PATCH/);
    expect((await failure(createJwtLoginConnection(ctx, login({ tokenPath: "data..token" })))).fieldErrors?.tokenPath).toMatch(/not valid/);
    expect((await failure(createJwtLoginConnection(ctx, login({ expiresInSeconds: "soon" })))).fieldErrors?.expiresInSeconds).toMatch(/whole number of seconds/);
    expect(seen.length).toBe(calls);
  });
});

describe("canary secrets", () => {
  it("no canary secret appears in clear in any table after all of the above", async () => {
    for (const canary of [CLIENT_SECRET, WRONG_SECRET, LOGIN_PASSWORD, WRONG_PASSWORD, LOGIN_API_KEY, OAUTH_CLIENT_FILE_SECRET, pemCanary(rsa.pem), pemCanary(otherPem)]) {
      expect(await tablesContaining(database.url, canary)).toEqual([]);
    }
    expect(await db.connection.count({ where: { method: { not: "authorization_code" } } })).toBeGreaterThan(5);
  });
});
