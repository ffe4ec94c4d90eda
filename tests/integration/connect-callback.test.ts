import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock, MINUTE } from "@/lib/clock";
import { completeAuthorization } from "@/lib/server/connect/complete-authorization";
import { ConnectError, type ConnectErrorCode } from "@/lib/server/connect/connect-error";
import type { ConnectProvider } from "@/lib/server/connect/connect-provider";
import { loadOAuthClient, registerOAuthApp } from "@/lib/server/connect/oauth-apps";
import { startAuthorization } from "@/lib/server/connect/start-authorization";
import { createDb, type Db } from "@/lib/server/db";
import { generateKeyringFile, parseKeyring } from "@/lib/server/vault/keyring";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { tablesContaining } from "./support/database-text";

const CLIENT_SECRET = "canary-client-secret-7a1f0c3e9b";
const ACCESS = "canary-access-token-55e1";
const REFRESH = "canary-refresh-token-77d2";

// A loopback token endpoint whose next answer each test chooses.
let tokenCalls = 0;
let nextAnswer: { status: number; type: string; body: string } = { status: 200, type: "application/json", body: "{}" };
let server: Server;
let base: string;

let database: TestDatabase;
let db: Db;
const keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
const clock = fixedClock("2026-11-23T10:00:00Z");
let ctx: { db: Db; clock: typeof clock; keyring: typeof keyring };
let workspaceId: string;
let userId: string;
let provider: ConnectProvider;

const ok = (extra: Record<string, unknown> = {}) => ({ status: 200, type: "application/json", body: JSON.stringify({ access_token: ACCESS, token_type: "Bearer", expires_in: 3600, refresh_token: REFRESH, scope: "crm.read offline_access", ...extra }) });

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/introspect") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ active: true, scope: "crm.read", client_id: "client-1" }));
      return;
    }
    tokenCalls++;
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      res.writeHead(nextAnswer.status, { "content-type": nextAnswer.type });
      res.end(nextAnswer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider = {
    key: "fake-crm", name: "Fake CRM", kind: "oauth2", issuer: base, authorizationUrl: `${base}/authorize`, tokenUrl: `${base}/token`,
    scopeSeparator: " ", defaultScopes: ["crm.read", "offline_access"], minimumScopes: ["crm.read"], extraAuthorizationParams: {}, isDemo: false,
  };
  database = await createTestDatabase();
  db = createDb(database.url);
  ctx = { db, clock, keyring };
  const ws = await db.workspace.create({ data: { name: "W", slug: "w-1" } });
  const user = await db.user.create({ data: { email: "a@example.com", name: "A" } });
  workspaceId = ws.id;
  userId = user.id;
  await registerOAuthApp(ctx, { actorId: userId, workspaceId, providerKey: "fake-crm", clientId: "client-1", clientSecret: CLIENT_SECRET, authMethod: "client_secret_basic" });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
  await new Promise((r) => server.close(r));
});

beforeEach(async () => {
  tokenCalls = 0;
  nextAnswer = ok();
  await db.connection.deleteMany();
});

async function begin(sessionId = "session-1") {
  const client = await loadOAuthClient(ctx, { workspaceId, providerKey: "fake-crm" });
  const { authorizationUrl } = await startAuthorization(ctx, { workspaceId, userId, sessionId, provider, appId: client.appId, clientId: client.clientId, redirectUri: "http://localhost:3000/api/oauth/callback", label: "CRM", scopes: ["crm.read", "offline_access"] });
  const url = new URL(authorizationUrl);
  return { state: url.searchParams.get("state")!, challenge: url.searchParams.get("code_challenge")!, url };
}

const callback = (params: Record<string, string>) => {
  const url = new URL("http://localhost:3000/api/oauth/callback");
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url;
};

async function finish(url: URL, sessionId = "session-1") {
  return completeAuthorization(ctx, { callbackUrl: url, sessionId, userId, resolve: async () => ({ provider, client: await loadOAuthClient(ctx, { workspaceId, providerKey: "fake-crm" }) }) });
}

async function expectRefused(promise: Promise<unknown>, code: ConnectErrorCode) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConnectError);
  expect((error as ConnectError).code).toBe(code);
  expect((error as ConnectError).message).not.toContain(CLIENT_SECRET);
  expect(await db.connection.count()).toBe(0);
}

describe("authorization request", () => {
  it("uses PKCE S256, a random state and the exact redirect URI", async () => {
    const { url, challenge } = await begin();
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("redirect_uri")).toBe("http://localhost:3000/api/oauth/callback");
    expect(url.searchParams.get("scope")).toBe("crm.read offline_access");
    const stored = await db.oAuthAuthorization.findFirst({ orderBy: { createdAt: "desc" } });
    expect(stored?.stateHash).not.toBe(url.searchParams.get("state"));
    expect(stored?.codeVerifierSealed).toMatch(/^v1:k1:/);
  });
});

describe("callback", () => {
  it("stores sealed tokens, expiry, granted scopes and the refresh token's issue time", async () => {
    const { state } = await begin();
    const result = await finish(callback({ code: "c1", state, iss: base }));
    const row = await db.connection.findUniqueOrThrow({ where: { id: result.connectionId } });
    expect(row.grantedScopes).toEqual(["crm.read", "offline_access"]);
    expect(row.accessTokenExpiresAt?.toISOString()).toBe("2026-11-23T11:00:00.000Z");
    expect(row.refreshTokenIssuedAt?.toISOString()).toBe("2026-11-23T10:00:00.000Z");
    // Handed to the refresh engine: healthy, due at 80% of the 1-hour lifetime, a new fencing token.
    expect(row).toMatchObject({ health: "healthy", refreshAttempt: 0, refreshInFlightAt: null });
    expect(row.nextRefreshAt?.toISOString()).toBe("2026-11-23T10:48:00.000Z");
    expect(row.refreshFence).toBe(1);
    expect(row.tokenType).toBe("bearer");
    expect(await tablesContaining(database.url, ACCESS)).toEqual([]);
    expect(await tablesContaining(database.url, REFRESH)).toEqual([]);
    expect(await tablesContaining(database.url, CLIENT_SECRET)).toEqual([]);
  });

  it("refuses a missing state", async () => expectRefused(finish(callback({ code: "c" })), "state_missing"));
  it("refuses an unknown state", async () => expectRefused(finish(callback({ code: "c", state: "made-up-state-value" })), "state_unknown"));

  it("refuses an expired state (10 minutes)", async () => {
    const { state } = await begin();
    clock.advance(10 * MINUTE + 1000);
    await expectRefused(finish(callback({ code: "c", state })), "state_expired");
    clock.set("2026-11-23T10:00:00Z");
  });

  it("refuses a state started in another session", async () => {
    const { state } = await begin("session-1");
    await expectRefused(finish(callback({ code: "c", state }), "session-2"), "session_mismatch");
  });

  it("exchanges a code once: a replayed callback is refused and calls the provider no more", async () => {
    const { state } = await begin();
    await finish(callback({ code: "c", state }));
    expect(tokenCalls).toBe(1);
    const error = await finish(callback({ code: "c", state })).catch((e: unknown) => e);
    expect((error as ConnectError).code).toBe("state_reused");
    expect(tokenCalls).toBe(1);
    expect(await db.connection.count()).toBe(1);
  });

  it("refuses a response from the wrong issuer (RFC 9207)", async () => {
    const { state } = await begin();
    await expectRefused(finish(callback({ code: "c", state, iss: "https://evil.example" })), "iss_mismatch");
    expect(tokenCalls).toBe(0);
  });

  it("reports declined consent and other provider errors", async () => {
    const first = await begin();
    await expectRefused(finish(callback({ error: "access_denied", state: first.state })), "access_denied");
    const second = await begin();
    await expectRefused(finish(callback({ error: "server_error", state: second.state })), "provider_error");
    expect(tokenCalls).toBe(0);
  });

  const badResponses: [string, { status: number; type: string; body: string }, ConnectErrorCode][] = [
    ["an HTML page", { status: 200, type: "text/html", body: "<html><body>Sign in</body></html>" }, "token_response_invalid"],
    ["text that is not JSON", { status: 200, type: "application/json", body: "not json" }, "token_response_invalid"],
    ["no access_token", { status: 200, type: "application/json", body: JSON.stringify({ token_type: "Bearer" }) }, "token_response_invalid"],
    ["expires_in \"abc\"", ok({ expires_in: "abc" }), "token_response_invalid"],
    ["a negative expires_in", ok({ expires_in: -5 }), "token_response_invalid"],
    ["a huge expires_in", ok({ expires_in: 1e12 }), "token_response_invalid"],
    ["an unsupported token_type", ok({ token_type: "mac" }), "token_response_invalid"],
    ["invalid_client", { status: 401, type: "application/json", body: JSON.stringify({ error: "invalid_client" }) }, "invalid_client"],
    ["invalid_grant", { status: 400, type: "application/json", body: JSON.stringify({ error: "invalid_grant" }) }, "invalid_grant"],
  ];
  for (const [name, answer, code] of badResponses) {
    it(`stores nothing when the token endpoint answers ${name}`, async () => {
      const { state } = await begin();
      nextAnswer = answer;
      await expectRefused(finish(callback({ code: "c", state })), code);
    });
  }

  it("keeps the requested scopes, marked unknown, when the response omits scope", async () => {
    const { state } = await begin();
    nextAnswer = ok({ scope: undefined });
    const { connectionId } = await finish(callback({ code: "c", state }));
    const row = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.grantedScopes).toEqual(["crm.read", "offline_access"]);
    expect(row.grantedScopesKnown).toBe(false);
  });

  it("asks the provider's introspection endpoint for the granted scopes when the response omits them", async () => {
    const original = provider;
    provider = { ...provider, tokenInspection: { kind: "introspection", url: `${base}/introspect`, method: "POST", tokenPlacement: "form", clientAuthentication: true, reportsScopes: true } };
    try {
      const { state } = await begin();
      nextAnswer = ok({ scope: undefined });
      const { connectionId } = await finish(callback({ code: "c", state }));
      const row = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
      expect(row.grantedScopes).toEqual(["crm.read"]);
      expect(row.grantedScopesKnown).toBe(true);
    } finally {
      provider = original;
    }
  });
});
