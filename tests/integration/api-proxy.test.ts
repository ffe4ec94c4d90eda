// ANY /api/v1/proxy/{connectionId}/{path} against a real Postgres, the token server (token endpoint
// and its /api/me) and a small provider API that records what reached it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MINUTE, SECOND } from "@/lib/clock";
import { proxyHandler } from "@/lib/server/proxy/proxy-handler";
import { apiHeaders, keyFor, restartTokenServer, seedConnection, startApiV1Env, stopApiV1Env, storedAccessToken, type ApiV1Env } from "./support/api-v1-fixtures";
import { startProviderApi, type ProviderApi } from "./support/provider-api";

let env: ApiV1Env;
let api: ProviderApi;
const handler = proxyHandler(() => env.ctx);

type CallOptions = { method?: string; key?: string | null; headers?: Record<string, string>; body?: BodyInit; path?: string };

/** Calls the proxy; `rawPath` is appended to /api/v1/proxy/{id}/ as is (percent-encoding kept). */
async function proxy(connectionId: string, rawPath: string, options: CallOptions = {}) {
  const url = `http://localhost:3000/api/v1/proxy/${connectionId}/${rawPath}`;
  const init: RequestInit & { duplex?: "half" } = { method: options.method ?? "GET", headers: apiHeaders(options.key ?? null, options.headers) };
  if (options.body !== undefined) {
    init.body = options.body;
    init.duplex = "half";
  }
  const segments = new URL(url).pathname.split("/").slice(5).filter(Boolean).map(decodeURIComponent);
  const response = await handler(new Request(url, init), { params: Promise.resolve({ connectionId, path: segments }) });
  const text = await response.text();
  return { response, status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

const past = (ms: number) => new Date(env.clock.now().getTime() - ms);
const future = (ms: number) => new Date(env.clock.now().getTime() + ms);
const proxyEvents = (connectionId: string) => env.db.authEvent.findMany({ where: { connectionId, source: "proxy" }, orderBy: { id: "asc" } });

beforeAll(async () => {
  env = await startApiV1Env();
  api = await startProviderApi((token) => env.server.isAccessTokenValid(token));
});

afterAll(async () => {
  await api.close();
  await stopApiV1Env(env);
});

beforeEach(async () => {
  env.clock.set(new Date());
  await restartTokenServer(env);
  api.reset();
});

/** A connection whose token is already valid at the provider (one refresh done up front). */
async function liveConnection(options: { apiBaseUrl?: string } = {}) {
  const seeded = await seedConnection(env, { expiresAt: past(SECOND), ...options });
  const key = await keyFor(env, [seeded.id]);
  // The first proxied call refreshes the stale token inline; later ones reuse it.
  return { ...seeded, key };
}

describe("forwarding", () => {
  it("forwards a GET to the provider's /api/me with the connection's bearer token (the demo entry's API base)", async () => {
    const { id, key, refreshToken } = await liveConnection();
    const result = await proxy(id, "api/me", { key });
    expect(result.status).toBe(200);
    expect(result.json()).toEqual({ ok: true });
    expect(result.response.headers.get("x-authpulse-source")).toBe("provider");
    expect(result.response.headers.get("cache-control")).toBe("no-store");
    expect(env.server.callsFor(refreshToken)).toBe(1);
    expect(await proxyEvents(id)).toEqual([]);
    expect((await env.db.connection.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();
  });

  it("forwards a POST's body bytes, content type, query and custom headers; never the caller's Authorization, X-API-Key or Cookie", async () => {
    const { id, key } = await liveConnection({ apiBaseUrl: api.url });
    const body = JSON.stringify({ email: "ada@example.com", note: "naïve ✓" });
    const result = await proxy(id, "echo/contacts?limit=10&after=abc", {
      method: "POST",
      key,
      body,
      headers: { "content-type": "application/json", accept: "application/json", "x-api-key": key, cookie: "authpulse-session=abc", "notion-version": "2022-06-28", "x-custom": `leak ${key}` },
    });
    expect(result.status).toBe(200);
    expect(result.json()).toEqual({ method: "POST", url: "/echo/contacts?limit=10&after=abc", body });
    const seen = api.requests.at(-1)!;
    expect(seen.headers.authorization).toBe(`Bearer ${await storedAccessToken(env, id)}`);
    expect(seen.headers["content-type"]).toBe("application/json");
    expect(seen.headers.accept).toBe("application/json");
    expect(seen.headers["notion-version"]).toBe("2022-06-28");
    for (const dropped of ["x-api-key", "cookie", "x-forwarded-for", "x-custom"]) expect(seen.headers[dropped]).toBeUndefined();
    expect(JSON.stringify(seen.headers)).not.toContain(key);
    expect(seen.body.toString("utf8")).toBe(body);
    // Only safe headers come back: no provider cookie.
    expect(result.response.headers.get("x-request-id")).toBe("req-example-1");
    expect(result.response.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a path that climbs out of the API base with a 400, before any provider call", async () => {
    const { id, key } = await liveConnection({ apiBaseUrl: `${api.url}/echo` });
    for (const path of ["..%2f..%2fadmin", "a/..%2F..%2Fsecret", "%252e%252e/x", "a%5c..%5cb"]) {
      const result = await proxy(id, path, { key });
      expect(result.status, path).toBe(400);
      expect(result.json().error?.code).toBe("BAD_REQUEST");
    }
    expect(api.requests).toHaveLength(0);
    expect(env.server.stats().calls).toBe(0);
  });

  it("refuses a request body over 10 MB with a 413, before any provider call", async () => {
    const { id, key } = await liveConnection({ apiBaseUrl: api.url });
    const result = await proxy(id, "echo/upload", { method: "POST", key, body: new Uint8Array(10 * 1024 * 1024 + 1), headers: { "content-type": "application/octet-stream" } });
    expect(result.status).toBe(413);
    expect(result.json().error?.code).toBe("PAYLOAD_TOO_LARGE");
    expect(api.requests).toHaveLength(0);
  });

  it("answers 404 for a connection outside the key's scope, and 409 when no API base is known", async () => {
    const { id } = await liveConnection({ apiBaseUrl: api.url });
    const { id: other, key } = await liveConnection({ apiBaseUrl: api.url });
    expect((await proxy(id, "echo/x", { key })).status).toBe(404);
    const machine = await env.db.connection.create({ data: { workspaceId: env.workspaceId, providerKey: "any-oauth-server", method: "client_credentials", label: "Machine" } });
    const machineKey = await keyFor(env, [machine.id, other]);
    const result = await proxy(machine.id, "anything", { key: machineKey });
    expect(result.status).toBe(409);
    expect(result.json().error?.message).toContain("No API base URL");
    expect(api.requests).toHaveLength(0);
  });
});

describe("the error taxonomy on proxied calls", () => {
  it("401 → one refresh and one retry, then success; the failure, the refresh and the recovery are events", async () => {
    // Not expired, so handed out as is, but the provider never issued it: /api/me answers 401.
    const { id, refreshToken } = await seedConnection(env, { expiresAt: future(30 * MINUTE) });
    const key = await keyFor(env, [id]);
    const result = await proxy(id, "api/me", { key });
    expect(result.status).toBe(200);
    expect(result.json()).toEqual({ ok: true });
    expect(env.server.callsFor(refreshToken)).toBe(1);
    const events = await env.db.authEvent.findMany({ where: { connectionId: id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.source, e.class])).toEqual([
      ["proxy", "unauthorized"],
      ["access_token", "success"],
      ["proxy", "recovered"],
    ]);
    expect(events[0]).toMatchObject({ httpStatus: 401, oauthError: "invalid_token", attempt: 1, action: "refresh_then_retry" });
    expect(events[2]).toMatchObject({ httpStatus: 200, attempt: 2 });
  });

  it("a provider that answers 401 again after the refresh: the 401 goes back, one refresh only, both failures recorded", async () => {
    const { id, refreshToken } = await seedConnection(env, { expiresAt: future(30 * MINUTE), apiBaseUrl: api.url });
    const key = await keyFor(env, [id]);
    const result = await proxy(id, "always-401", { key });
    expect(result.status).toBe(401);
    expect(result.json()).toEqual({ error: "invalid_token" });
    expect(result.response.headers.get("x-authpulse-source")).toBe("provider");
    // The provider's challenge, not Authpulse's "Bearer realm=authpulse" (that one means a bad Authpulse key).
    expect(result.response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(api.requests).toHaveLength(2);
    expect(env.server.callsFor(refreshToken)).toBe(1);
    const events = await proxyEvents(id);
    expect(events.filter((e) => e.class === "unauthorized").map((e) => [e.attempt, e.action])).toEqual([
      [1, "refresh_then_retry"],
      [2, "stop_and_alert"],
    ]);
  });

  it("a 429 whose Retry-After outlasts the 10 s budget goes back at once with Retry-After and quota, recorded with rateLimitRemaining", async () => {
    const { id, key } = await liveConnection({ apiBaseUrl: api.url });
    const started = Date.now();
    const result = await proxy(id, "rate-limited", { key });
    expect(Date.now() - started).toBeLessThan(5 * SECOND);
    expect(result.status).toBe(429);
    expect(result.response.headers.get("retry-after")).toBe("120");
    expect(result.response.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(api.requests).toHaveLength(1);
    const events = await proxyEvents(id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ class: "rate_limited", action: "retry", httpStatus: 429, rateLimitRemaining: 0, rateLimitLimit: 100, retryAfterMs: 120_000, attempt: 1 });
  });

  it("a 429 with Retry-After: 1 is waited out and retried once, then recovers", async () => {
    const { id, key } = await liveConnection({ apiBaseUrl: api.url });
    api.failNext({ status: 429, headers: { "Retry-After": "1" }, body: "{}" });
    const started = Date.now();
    const result = await proxy(id, "echo/list", { key });
    expect(result.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(api.requests).toHaveLength(2);
    expect((await proxyEvents(id)).map((e) => e.class)).toEqual(["rate_limited", "recovered"]);
  });

  it("a 502 is retried for a GET but not for a POST (the provider may have acted on it)", async () => {
    const { id, key } = await liveConnection({ apiBaseUrl: api.url });
    api.failNext({ status: 502, body: "<html>Bad gateway</html>" });
    const post = await proxy(id, "echo/create", { method: "POST", key, body: "{}", headers: { "content-type": "application/json" } });
    expect(post.status).toBe(502);
    expect(post.text).toBe("<html>Bad gateway</html>");
    expect(api.requests).toHaveLength(1);
    api.failNext({ status: 502, body: "<html>Bad gateway</html>" });
    const get = await proxy(id, "echo/list", { key });
    expect(get.status).toBe(200);
    expect(api.requests).toHaveLength(3);
    expect((await proxyEvents(id)).map((e) => [e.class, e.httpStatus])).toEqual([
      ["provider_unavailable", 502],
      ["provider_unavailable", 502],
      ["recovered", 200],
    ]);
  });

  it("a provider that cannot be reached: at most 5 calls per proxied request, then 502, each failure an event", async () => {
    // Nothing listens on port 1 of loopback: every call is refused. Waits are skipped, so only the 5-call cap stops it.
    const { id, key } = await liveConnection({ apiBaseUrl: "http://127.0.0.1:1" });
    const waits: number[] = [];
    env.ctx.sleep = async (ms) => void waits.push(ms);
    try {
      const result = await proxy(id, "v1/things", { key });
      expect(result.status).toBe(502);
      expect(result.json().error?.code).toBe("PROVIDER_UNREACHABLE");
      expect(result.response.headers.get("x-authpulse-source")).toBeNull();
    } finally {
      delete env.ctx.sleep;
    }
    expect(waits).toHaveLength(4);
    const events = await proxyEvents(id);
    expect(events.map((e) => [e.class, e.attempt, e.action])).toEqual([
      ["network", 1, "retry"],
      ["network", 2, "retry"],
      ["network", 3, "retry"],
      ["network", 4, "retry"],
      ["network", 5, "stop_and_alert"],
    ]);
    expect(events.every((e) => e.httpStatus === null)).toBe(true);
  });

  it("records quota burn (under 10% left) on a success at most once a minute per connection", async () => {
    const { id, key } = await liveConnection({ apiBaseUrl: api.url });
    expect((await proxy(id, "quota-low", { key })).status).toBe(200);
    expect((await proxy(id, "quota-low", { key })).status).toBe(200);
    const events = await proxyEvents(id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ class: "success", rateLimitRemaining: 5, rateLimitLimit: 1000, httpStatus: 200 });
    env.clock.advance(MINUTE);
    expect((await proxy(id, "quota-low", { key })).status).toBe(200);
    expect(await proxyEvents(id)).toHaveLength(2);
  });
});
