// POST /api/v1/events: workflow tools report auth errors; stored as classified auth events.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DAY, MINUTE } from "@/lib/clock";
import { ingestEventHandler } from "@/lib/server/auth-events/ingest-handler";
import { tablesContaining } from "./support/database-text";
import { apiHeaders, keyFor, seedConnection, startApiV1Env, stopApiV1Env, type ApiV1Env } from "./support/api-v1-fixtures";

let env: ApiV1Env;
const POST = ingestEventHandler(() => env.ctx);
let connectionId: string;
let key: string;

async function report(body: unknown, options: { key?: string; raw?: BodyInit; headers?: Record<string, string> } = {}) {
  const init: RequestInit & { duplex?: "half" } = {
    method: "POST",
    headers: apiHeaders(options.key ?? key, { "content-type": "application/json", ...options.headers }),
    body: options.raw ?? JSON.stringify(body),
    duplex: "half",
  };
  const response = await POST(new Request("http://localhost:3000/api/v1/events", init), { params: Promise.resolve({}) });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> & { error?: { code: string; message: string; fields?: Record<string, string> } } };
}

beforeAll(async () => {
  env = await startApiV1Env();
  connectionId = (await seedConnection(env)).id;
  key = await keyFor(env, [connectionId]);
});

afterAll(async () => {
  await stopApiV1Env(env);
});

beforeEach(async () => {
  await env.db.authEvent.deleteMany();
});

describe("a valid report", () => {
  it("a 429 with Retry-After and quota headers is stored as rate_limited (source ingested) and answered 202", async () => {
    const occurredAt = new Date(env.clock.now().getTime() - 2 * MINUTE).toISOString();
    const result = await report({ connectionId, status: 429, headers: { "Retry-After": "30", "X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "Set-Cookie": "ignored=1" }, occurredAt });
    expect(result.status).toBe(202);
    expect(result.json).toEqual({ id: expect.any(String), class: "rate_limited", action: "retry", retryAfterSeconds: 30 });
    const stored = await env.db.authEvent.findUniqueOrThrow({ where: { id: BigInt(result.json.id as string) } });
    expect(stored).toMatchObject({
      workspaceId: env.workspaceId,
      connectionId,
      providerKey: "authpulse-demo",
      source: "ingested",
      class: "rate_limited",
      action: "retry",
      httpStatus: 429,
      retryAfterMs: 30_000,
      rateLimitRemaining: 0,
      rateLimitLimit: 100,
      occurredAt: new Date(occurredAt),
    });
  });

  it("invalid_grant is classified needs_reauth (stop and alert); invalid_client a configuration error; a timeout a network error", async () => {
    const grant = await report({ connectionId, status: 400, oauthError: "invalid_grant" });
    expect(grant.json).toMatchObject({ class: "needs_reauth", action: "stop_and_alert", retryAfterSeconds: null });
    expect(await env.db.authEvent.findFirst({ where: { class: "needs_reauth" } })).toMatchObject({ oauthError: "invalid_grant", httpStatus: 400, source: "ingested" });
    expect((await report({ connectionId, status: 401, oauthError: "invalid_client" })).json).toMatchObject({ class: "configuration_error" });
    expect((await report({ connectionId, networkError: "timeout" })).json).toMatchObject({ class: "network", action: "retry" });
    expect((await report({ connectionId, status: 401, headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } })).json).toMatchObject({ class: "unauthorized", action: "refresh_then_retry" });
    expect(await env.db.authEvent.count()).toBe(4);
  });

  it("never stores the note, nor an oauthError that is not a plain code", async () => {
    const canary = "canary-note-secret-7c1d9e";
    const result = await report({ connectionId, status: 401, oauthError: "token is sk_live_x", note: `failed with ${canary}` });
    expect(result.status).toBe(202);
    const stored = await env.db.authEvent.findUniqueOrThrow({ where: { id: BigInt(result.json.id as string) } });
    expect(stored.oauthError).toBeNull();
    expect(await tablesContaining(env.database.url, canary)).toEqual([]);
    expect(await tablesContaining(env.database.url, "sk_live_x")).toEqual([]);
  });
});

describe("refused reports (never a 500)", () => {
  it("malformed JSON → 400 with a clear message that does not echo the body", async () => {
    const result = await report(null, { raw: '{"connectionId": "abc", status: 4' });
    expect(result.status).toBe(400);
    expect(result.json.error).toEqual({ code: "BAD_REQUEST", message: "The body is not valid JSON." });
    for (const raw of ["", "[1,2]", "42", "\u00ff\u00fe"]) {
      const r = await report(null, { raw });
      expect(r.status, JSON.stringify(raw)).toBe(400);
    }
    expect(await env.db.authEvent.count()).toBe(0);
  });

  it("a body over 64 KB → 413", async () => {
    const result = await report({ connectionId, status: 500, note: "x".repeat(70 * 1024) });
    expect(result.status).toBe(413);
    expect(result.json.error?.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("occurredAt more than 5 min in the future or older than 7 days → 400 naming the field", async () => {
    const now = env.clock.now().getTime();
    const future = await report({ connectionId, status: 500, occurredAt: new Date(now + 6 * MINUTE).toISOString() });
    expect(future.status).toBe(400);
    expect(future.json.error?.fields?.occurredAt).toBe("occurredAt is in the future.");
    const old = await report({ connectionId, status: 500, occurredAt: new Date(now - 8 * DAY).toISOString() });
    expect(old.status).toBe(400);
    expect(old.json.error?.fields?.occurredAt).toBe("occurredAt is older than 7 days.");
    expect((await report({ connectionId, status: 500, occurredAt: "yesterday" })).status).toBe(400);
    expect((await report({ connectionId, status: 500, occurredAt: new Date(now + 4 * MINUTE).toISOString() })).status).toBe(202);
  });

  it("invalid fields → 400 with per-field messages", async () => {
    const result = await report({ connectionId, status: 700, oauthError: 'bad"quote', networkError: "meteor", unknownField: 1 });
    expect(result.status).toBe(400);
    expect(Object.keys(result.json.error?.fields ?? {})).toEqual(expect.arrayContaining(["status", "oauthError", "networkError"]));
    expect((await report({ connectionId: "abc\u0000def", status: 401 })).json.error?.fields?.connectionId).toBe("connectionId is not a connection id.");
    const empty = await report({ connectionId });
    expect(empty.status).toBe(400);
    expect(empty.json.error?.fields?.status).toBe("Report at least a status, an oauthError or a networkError.");
    expect(await env.db.authEvent.count()).toBe(0);
  });

  it("a key not scoped to the connection gets the same 404 as an unknown connection", async () => {
    const other = (await seedConnection(env)).id;
    const unscoped = await report({ connectionId: other, status: 401 });
    const unknown = await report({ connectionId: "c_unknown", status: 401 });
    expect(unscoped.status).toBe(404);
    expect(unscoped.text).toBe(unknown.text);
    expect(unknown.json.error).toEqual({ code: "NOT_FOUND", message: "Connection not found." });
    const otherKey = await keyFor(env, [other]);
    expect((await report({ connectionId, status: 401 }, { key: otherKey })).status).toBe(404);
    expect(await env.db.authEvent.count()).toBe(0);
  });

  it("no key → 401", async () => {
    const response = await POST(new Request("http://localhost:3000/api/v1/events", { method: "POST", body: "{}" }), { params: Promise.resolve({}) });
    expect(response.status).toBe(401);
  });
});
