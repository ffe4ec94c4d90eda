// GET /api/v1/connections/{id}/access-token against a real Postgres and a local token server:
// the pre-call check, inline single-flighted refresh, health answers, scoping and audit.
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MINUTE, SECOND } from "@/lib/clock";
import { accessTokenHandler } from "@/lib/server/access/access-token-handler";
import { createApiKey, listApiKeys } from "@/lib/server/api-keys/manage-api-keys";
import { ServiceError } from "@/lib/server/errors";
import { startRefreshLoop } from "@/lib/server/refresh/refresh-loop";
import { tablesContaining } from "./support/database-text";
import { apiHeaders, keyFor, restartTokenServer, seedConnection, startApiV1Env, stopApiV1Env, storedAccessToken, type ApiV1Env } from "./support/api-v1-fixtures";

let env: ApiV1Env;
const GET = accessTokenHandler(() => env.ctx);
/** Every token the API handed out, checked against audit rows, tables and logs at the end. */
const handedOut: string[] = [];

async function call(connectionId: string, key: string | null, query = "") {
  const url = `http://localhost:3000/api/v1/connections/${encodeURIComponent(connectionId)}/access-token${query}`;
  const response = await GET(new Request(url, { headers: apiHeaders(key) }), { params: Promise.resolve({ connectionId }) });
  const text = await response.text();
  const body = JSON.parse(text) as { accessToken?: string; tokenType?: string; expiresAt?: string | null; expiresIn?: number | null; connectionId?: string; error?: { code: string; message: string } };
  if (body.accessToken) handedOut.push(body.accessToken);
  return { response, status: response.status, text, body };
}

const past = (ms: number) => new Date(env.clock.now().getTime() - ms);
const future = (ms: number) => new Date(env.clock.now().getTime() + ms);

beforeAll(async () => {
  env = await startApiV1Env();
});

afterAll(async () => {
  await stopApiV1Env(env);
});

beforeEach(async () => {
  env.clock.set(new Date());
  env.ctx.clock = env.clock;
  await restartTokenServer(env);
});

describe("the pre-call check", () => {
  it("returns the stored token while it is fresh, without calling the provider, and marks the connection used", async () => {
    const { id } = await seedConnection(env, { expiresAt: future(2 * MINUTE) });
    const key = await keyFor(env, [id]);
    const result = await call(id, key);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ connectionId: id, accessToken: `initial-access-${id}`, tokenType: "Bearer", expiresAt: future(2 * MINUTE).toISOString(), expiresIn: 120 });
    expect(result.response.headers.get("cache-control")).toBe("no-store");
    expect(env.server.stats().calls).toBe(0);
    expect((await env.db.connection.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(env.clock.now());
  });

  it("refreshes a stale token inline: exactly one token call, the new token stored and returned, an access_token event", async () => {
    const { id, refreshToken } = await seedConnection(env, { expiresAt: past(SECOND) });
    const key = await keyFor(env, [id]);
    const result = await call(id, key);
    expect(result.status).toBe(200);
    expect(env.server.grantOf(refreshToken)).toMatchObject({ calls: 1, refreshes: 1 });
    expect(result.body.accessToken).toBe(await storedAccessToken(env, id));
    expect(env.server.isAccessTokenValid(result.body.accessToken!)).toBe(true);
    expect(result.body.expiresIn).toBe(3600);
    const events = await env.db.authEvent.findMany({ where: { connectionId: id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ source: "access_token", class: "success", httpStatus: 200 });
  });

  it("treats a token with less than half of a short lifetime left as stale (a 2-minute token with 50 s left)", async () => {
    const { id, refreshToken } = await seedConnection(env, { authorizedAt: past(70 * SECOND), expiresAt: future(50 * SECOND) });
    const key = await keyFor(env, [id]);
    expect((await call(id, key)).status).toBe(200);
    expect(env.server.callsFor(refreshToken)).toBe(1);
  });

  it("returns a non-expiring token as is", async () => {
    const { id } = await seedConnection(env, { expiresAt: null });
    const key = await keyFor(env, [id]);
    const result = await call(id, key);
    expect(result.body).toMatchObject({ accessToken: `initial-access-${id}`, expiresAt: null, expiresIn: null });
    expect(env.server.stats().calls).toBe(0);
  });

  it("8 concurrent requests for one stale connection: exactly one token call, and all 8 get the same token", async () => {
    await restartTokenServer(env, { latencyMs: 300 });
    const { id, refreshToken } = await seedConnection(env, { expiresAt: past(SECOND) });
    const key = await keyFor(env, [id]);
    const results = await Promise.all(Array.from({ length: 8 }, () => call(id, key)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(env.server.callsFor(refreshToken)).toBe(1);
    expect(env.server.stats().calls).toBe(1);
    const tokens = new Set(results.map((r) => r.body.accessToken));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toBe(await storedAccessToken(env, id));
    expect(await env.db.authEvent.count({ where: { connectionId: id } })).toBe(1);
  });

  it("requests racing a worker loop for the same stale, due connection: still exactly one token call", async () => {
    await restartTokenServer(env, { latencyMs: 200 });
    const live = { now: () => new Date() };
    env.ctx.clock = live;
    const { id, refreshToken } = await seedConnection(env, { expiresAt: past(SECOND) });
    await env.db.connection.update({ where: { id }, data: { nextRefreshAt: past(SECOND) } });
    const key = await keyFor(env, [id]);
    const log = pino({ level: "silent" });
    const loop = startRefreshLoop({ ctx: { ...env.ctx, clock: live, log }, owner: "worker-1", concurrency: 4, leaseMs: 30 * SECOND, idlePollMs: 10, log });
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => new Promise((r) => setTimeout(r, i * 15)).then(() => call(id, key))));
    await loop.stop();
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(env.server.callsFor(refreshToken)).toBe(1);
    expect(new Set(results.map((r) => r.body.accessToken)).size).toBe(1);
    expect(results[0]!.body.accessToken).toBe(await storedAccessToken(env, id));
  });
});

describe("when no fresh token can be had", () => {
  it("needs re-auth → 409 NEEDS_REAUTH with the health reason, and no provider call", async () => {
    const { id } = await seedConnection(env, { expiresAt: future(30 * MINUTE) });
    await env.db.connection.update({ where: { id }, data: { health: "needs_reauth", status: "needs_reauth", healthReason: "The user revoked access at the provider." } });
    const key = await keyFor(env, [id]);
    const result = await call(id, key);
    expect(result.status).toBe(409);
    expect(result.body).toEqual({ error: { code: "NEEDS_REAUTH", message: "The user revoked access at the provider." } });
    expect(env.server.stats().calls).toBe(0);
  });

  it("a refresh answered invalid_grant → 409 NEEDS_REAUTH after exactly one call", async () => {
    const { id, refreshToken } = await seedConnection(env, { expiresAt: past(SECOND) });
    const key = await keyFor(env, [id]);
    env.server.failNext("invalid_grant");
    const result = await call(id, key);
    expect(result.status).toBe(409);
    expect(result.body.error?.code).toBe("NEEDS_REAUTH");
    expect(env.server.callsFor(refreshToken)).toBe(1);
    expect((await call(id, key)).status).toBe(409);
    expect(env.server.callsFor(refreshToken)).toBe(1);
  });

  it("while the engine backs off → 503 with Retry-After, and no provider call", async () => {
    const { id } = await seedConnection(env, { expiresAt: past(SECOND) });
    await env.db.connection.update({ where: { id }, data: { health: "degraded", refreshAttempt: 1, nextRefreshAt: future(30 * SECOND) } });
    const key = await keyFor(env, [id]);
    const result = await call(id, key);
    expect(result.status).toBe(503);
    expect(result.response.headers.get("retry-after")).toBe("30");
    expect(result.body.error?.code).toBe("UNAVAILABLE");
    expect(env.server.stats().calls).toBe(0);
  });

  it("a refresh rate-limited by the provider → 503 with the provider's Retry-After", async () => {
    const { id } = await seedConnection(env, { expiresAt: past(SECOND) });
    const key = await keyFor(env, [id]);
    env.server.failNext("http_429_seconds");
    const result = await call(id, key);
    expect(result.status).toBe(503);
    expect(result.response.headers.get("retry-after")).toBe("1");
    expect(env.server.stats().calls).toBe(1);
  });

  it("while backing off, a stored token still valid for minutes is handed out rather than an error", async () => {
    const { id } = await seedConnection(env, { authorizedAt: past(57 * MINUTE), expiresAt: future(3 * MINUTE) });
    await env.db.connection.update({ where: { id }, data: { health: "degraded", refreshAttempt: 2, nextRefreshAt: future(20 * SECOND) } });
    const key = await keyFor(env, [id]);
    const result = await call(id, key);
    expect(result.status).toBe(200);
    expect(result.body.accessToken).toBe(`initial-access-${id}`);
    expect(env.server.stats().calls).toBe(0);
  });

  it("without a refresh token: the stored token while it lasts, then 409 NEEDS_REAUTH; never a token call or an event", async () => {
    const { id } = await seedConnection(env, { authorizedAt: past(58 * MINUTE), expiresAt: future(2 * MINUTE) });
    await env.db.connection.update({ where: { id }, data: { refreshTokenSealed: null } });
    const key = await keyFor(env, [id]);
    const lasting = await call(id, key);
    expect(lasting.status).toBe(200);
    expect(lasting.body.accessToken).toBe(`initial-access-${id}`);
    env.clock.advance(2 * MINUTE);
    const expired = await call(id, key);
    expect(expired.status).toBe(409);
    expect(expired.body.error).toMatchObject({ code: "NEEDS_REAUTH", message: expect.stringContaining("no refresh token") });
    expect(env.server.stats().calls).toBe(0);
    expect(await env.db.authEvent.count({ where: { connectionId: id } })).toBe(0);
  });

  it("a disconnected connection → 409 DISCONNECTED", async () => {
    const { id } = await seedConnection(env);
    const key = await keyFor(env, [id]);
    await env.db.connection.update({ where: { id }, data: { status: "disconnected", accessTokenSealed: null, refreshTokenSealed: null } });
    const result = await call(id, key);
    expect(result.status).toBe(409);
    expect(result.body.error?.code).toBe("DISCONNECTED");
  });
});

describe("API keys scoped to connections", () => {
  const create = (connectionIds: string[], workspaceId = env.workspaceId) => createApiKey(env, { actorId: null, workspaceId, name: "Clay", mode: "live", credentialIds: [], connectionIds });
  const refusal = async (connectionIds: string[], workspaceId?: string) => {
    const error = await create(connectionIds, workspaceId).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceError);
    return error as ServiceError;
  };

  it("are created with connections only, and listed with their labels", async () => {
    const { id } = await seedConnection(env);
    const { apiKey } = await create([id, id]);
    expect(apiKey.connections).toEqual([{ id, label: "Connection 1", providerKey: "authpulse-demo", unavailable: false }]);
    expect(apiKey.scope).toEqual([]);
    expect((await listApiKeys(env, { workspaceId: env.workspaceId })).find((k) => k.id === apiKey.id)?.connections).toHaveLength(1);
  });

  it("refuse another workspace's or an unknown connection (404) and a disconnected one (400), and a key with no scope at all", async () => {
    const ws = await env.db.workspace.create({ data: { name: "Initech", slug: `initech-${Date.now()}` } });
    const foreign = await env.db.connection.create({ data: { workspaceId: ws.id, providerKey: "authpulse-demo", method: "authorization_code", label: "Initech" } });
    const { id } = await seedConnection(env);
    expect(await refusal([id, foreign.id])).toMatchObject({ code: "NOT_FOUND", message: "Connection not found." });
    expect(await refusal(["c_unknown"])).toMatchObject({ code: "NOT_FOUND" });
    await env.db.connection.update({ where: { id }, data: { status: "disconnected" } });
    const disconnected = await refusal([id]);
    expect(disconnected.code).toBe("BAD_REQUEST");
    expect(disconnected.fieldErrors?.connectionIds).toMatch(/disconnected/);
    expect((await refusal([])).fieldErrors?.credentialIds).toBe("Choose at least one credential, tag or connection this key may use.");
  });
});

describe("scope and audit", () => {
  it("a key not scoped to the connection gets the same 404 as an unknown or another workspace's id, each audited as denied", async () => {
    const { id: mine } = await seedConnection(env);
    const { id: other } = await seedConnection(env);
    const key = await keyFor(env, [mine]);
    const ws = await env.db.workspace.create({ data: { name: "Globex", slug: `globex-${Date.now()}` } });
    const foreign = await env.db.connection.create({ data: { workspaceId: ws.id, providerKey: "authpulse-demo", method: "authorization_code", label: "Globex" } });
    const outOfScope = await call(other, key);
    const unknown = await call("c_does_not_exist", key);
    const foreignResult = await call(foreign.id, key);
    const malformed = await call("bad\u0000id/../x", key);
    for (const result of [outOfScope, unknown, foreignResult, malformed]) {
      expect(result.status).toBe(404);
      expect(result.text).toBe(unknown.text);
    }
    expect(unknown.body).toEqual({ error: { code: "NOT_FOUND", message: "Connection not found." } });
    const denied = await env.db.auditLog.findMany({ where: { action: "connection.access_token_read", outcome: "denied", targetId: { in: [other, "c_does_not_exist", foreign.id] } } });
    expect(denied.map((d) => (d.details as { reason: string }).reason).sort()).toEqual(["not_found", "not_found", "out_of_scope"]);
    expect(env.server.stats().calls).toBe(0);
  });

  it("refuses a key passed in the query string with a 400", async () => {
    const { id } = await seedConnection(env);
    const key = await keyFor(env, [id]);
    const result = await call(id, key, `?api_key=${key}`);
    expect(result.status).toBe(400);
    expect(result.body.error?.message).toBe("Send the key in the Authorization header, never in a URL.");
    expect(result.text).not.toContain(key);
  });

  it("audits every read with the key, status and outcome, and the token appears in no audit row, table or log line", async () => {
    const { id } = await seedConnection(env, { expiresAt: past(SECOND) });
    const key = await keyFor(env, [id]);
    const ok = await call(id, key);
    expect(ok.status).toBe(200);
    const reads = await env.db.auditLog.findMany({ where: { action: "connection.access_token_read", targetId: id } });
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ outcome: "allowed", ip: "203.0.113.9", userAgent: "n8n/1.0 (tests)", details: { via: "api", status: 200 } });

    expect(handedOut.length).toBeGreaterThan(10);
    const audit = JSON.stringify(await env.db.auditLog.findMany());
    const logs = env.logs.join("\n");
    for (const token of new Set(handedOut)) {
      expect(audit).not.toContain(token);
      expect(logs).not.toContain(token);
    }
    const refreshed = handedOut.filter((t) => !t.startsWith("initial-access-"));
    expect(refreshed.length).toBeGreaterThan(0);
    for (const token of new Set(refreshed)) expect(await tablesContaining(env.database.url, token)).toEqual([]);
  });
});
