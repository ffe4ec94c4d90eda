import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startTokenServer, type FaultKind, type TokenServer, type TokenServerOptions } from "../helpers/token-server";

const CLIENT_ID = "bench-client";
const CLIENT_SECRET = "bench-secret";

const running: TokenServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function start(options?: TokenServerOptions): Promise<TokenServer> {
  const server = await startTokenServer(options);
  running.push(server);
  return server;
}

/** RFC 6749 §2.3.1: form-urlencode id and secret, then Basic. */
function basic(id: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString("base64")}`;
}

type Auth = "basic" | "post" | "none";

function tokenRequest(
  server: TokenServer,
  params: Record<string, string>,
  { auth = "basic", signal, secret = CLIENT_SECRET }: { auth?: Auth; signal?: AbortSignal; secret?: string } = {},
): Promise<Response> {
  const body = new URLSearchParams(params);
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (auth === "basic") headers.Authorization = basic(CLIENT_ID, secret);
  if (auth === "post") {
    body.set("client_id", CLIENT_ID);
    body.set("client_secret", secret);
  }
  return fetch(server.tokenUrl, { method: "POST", headers, body, signal });
}

function refresh(server: TokenServer, refreshToken: string, options?: { auth?: Auth; signal?: AbortSignal; secret?: string }) {
  return tokenRequest(server, { grant_type: "refresh_token", refresh_token: refreshToken }, options);
}

type TokenBody = { access_token: string; token_type: string; expires_in: number; refresh_token?: string; scope: string };

async function refreshOk(server: TokenServer, refreshToken: string): Promise<TokenBody> {
  const response = await refresh(server, refreshToken);
  expect(response.status).toBe(200);
  return (await response.json()) as TokenBody;
}

async function errorOf(response: Response): Promise<{ status: number; error: unknown }> {
  const body = (await response.json()) as { error?: unknown };
  return { status: response.status, error: body.error };
}

/** Deterministic PRNG for fault draws. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("token server: refresh grant", () => {
  it("rotates refresh tokens and answers a standard token response", async () => {
    const server = await start();
    const rt1 = server.issueGrant();
    const response = await refresh(server, rt1);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as TokenBody;
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "read write" });
    expect(body.access_token.length).toBeGreaterThanOrEqual(43);
    expect(body.refresh_token).toBeDefined();
    expect(body.refresh_token).not.toBe(rt1);
    expect(server.isAccessTokenValid(body.access_token)).toBe(true);

    const second = await refreshOk(server, body.refresh_token ?? "");
    expect(second.access_token).not.toBe(body.access_token);
    expect(server.grantOf(rt1)).toEqual({ calls: 2, refreshes: 2, revoked: false, currentRefreshToken: second.refresh_token });
  });

  it("reuse of a consumed refresh token revokes the whole grant", async () => {
    const server = await start();
    const rt1 = server.issueGrant();
    const first = await refreshOk(server, rt1);
    const rt2 = first.refresh_token ?? "";

    expect(await errorOf(await refresh(server, rt1))).toEqual({ status: 400, error: "invalid_grant" });
    expect(await errorOf(await refresh(server, rt2))).toEqual({ status: 400, error: "invalid_grant" });
    expect(server.isAccessTokenValid(first.access_token)).toBe(false);
    expect(server.grantOf(rt2)).toMatchObject({ revoked: true, currentRefreshToken: null, refreshes: 1, calls: 3 });
    expect(server.stats()).toMatchObject({ reuseRevocations: 1, grantsRevoked: 1, successes: 1, calls: 3 });

    // A second reuse of an already revoked grant is not a second revocation.
    await refresh(server, rt1);
    expect(server.stats()).toMatchObject({ reuseRevocations: 1, grantsRevoked: 1 });
  });

  it("revokeOnReuse: false rejects the consumed token but keeps the grant", async () => {
    const server = await start({ revokeOnReuse: false });
    const rt1 = server.issueGrant();
    const rt2 = (await refreshOk(server, rt1)).refresh_token ?? "";
    expect(await errorOf(await refresh(server, rt1))).toEqual({ status: 400, error: "invalid_grant" });
    await refreshOk(server, rt2);
    expect(server.stats().grantsRevoked).toBe(0);
  });

  it("without rotation the refresh token stays valid and is not returned", async () => {
    const server = await start({ rotateRefreshTokens: false });
    const rt = server.issueGrant();
    const first = await refreshOk(server, rt);
    const second = await refreshOk(server, rt);
    expect(first.refresh_token).toBeUndefined();
    expect(second.refresh_token).toBeUndefined();
    expect(first.access_token).not.toBe(second.access_token);
    expect(server.grantOf(rt)).toEqual({ calls: 2, refreshes: 2, revoked: false, currentRefreshToken: rt });
  });

  it("unknown, missing and revoked refresh tokens", async () => {
    const server = await start();
    expect(await errorOf(await refresh(server, "no-such-token"))).toEqual({ status: 400, error: "invalid_grant" });
    expect(await errorOf(await tokenRequest(server, { grant_type: "refresh_token" }))).toEqual({ status: 400, error: "invalid_request" });
    const rt = server.issueGrant();
    expect(server.revokeGrant(rt)).toBe(true);
    expect(await errorOf(await refresh(server, rt))).toEqual({ status: 400, error: "invalid_grant" });
    expect(server.revokeGrant("no-such-token")).toBe(false);
  });

  it("client_credentials returns an access token without refresh token; unknown grant types are refused", async () => {
    const server = await start({ accessTokenLifetimeSeconds: 120 });
    const response = await tokenRequest(server, { grant_type: "client_credentials" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as TokenBody;
    expect(body.refresh_token).toBeUndefined();
    expect(body.expires_in).toBe(120);
    expect(server.isAccessTokenValid(body.access_token)).toBe(true);
    expect(await errorOf(await tokenRequest(server, { grant_type: "password", username: "u", password: "p" }))).toEqual({
      status: 400,
      error: "unsupported_grant_type",
    });
  });

  it("counts calls per refresh token and per grant, faulted calls included", async () => {
    const server = await start();
    const rt1 = server.issueGrant();
    server.failNext("http_500");
    expect((await refresh(server, rt1)).status).toBe(500);
    const rt2 = (await refreshOk(server, rt1)).refresh_token ?? "";
    const rt3 = (await refreshOk(server, rt2)).refresh_token ?? "";
    await refresh(server, "never-issued");
    await tokenRequest(server, { grant_type: "client_credentials" });

    expect(server.callsFor(rt1)).toBe(2);
    expect(server.callsFor(rt2)).toBe(1);
    expect(server.callsFor(rt3)).toBe(0);
    expect(server.callsFor("never-issued")).toBe(1);
    expect(server.grantOf("never-issued")).toBeNull();
    for (const rt of [rt1, rt2, rt3]) {
      expect(server.grantOf(rt)).toEqual({ calls: 3, refreshes: 2, revoked: false, currentRefreshToken: rt3 });
    }
    const stats = server.stats();
    expect(stats).toMatchObject({ calls: 5, successes: 3, reuseRevocations: 0, grantsRevoked: 0 });
    expect(stats.faults.http_500).toBe(1);
  });
});

describe("token server: client authentication", () => {
  it("accepts client_secret_basic (form-urlencoded per RFC 6749 §2.3.1) and client_secret_post", async () => {
    const server = await start({ clientId: CLIENT_ID, clientSecret: "s3cr:et +/%&é" });
    const secret = "s3cr:et +/%&é";
    expect((await tokenRequest(server, { grant_type: "client_credentials" }, { auth: "basic", secret })).status).toBe(200);
    expect((await tokenRequest(server, { grant_type: "client_credentials" }, { auth: "post", secret })).status).toBe(200);
  });

  it("wrong or missing client authentication is 401 invalid_client with WWW-Authenticate: Basic", async () => {
    const server = await start();
    const rt = server.issueGrant();
    for (const auth of ["basic", "post"] as const) {
      const response = await refresh(server, rt, { auth, secret: "wrong" });
      expect(response.headers.get("www-authenticate")).toMatch(/^Basic\b/);
      expect(await errorOf(response)).toEqual({ status: 401, error: "invalid_client" });
    }
    expect(await errorOf(await refresh(server, rt, { auth: "none" }))).toEqual({ status: 401, error: "invalid_client" });
    // A failed client authentication does not touch the grant.
    expect(server.grantOf(rt)).toMatchObject({ calls: 3, refreshes: 0, currentRefreshToken: rt });
    await refreshOk(server, rt);
  });

  it("refuses two authentication methods at once", async () => {
    const server = await start();
    const response = await fetch(server.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basic(CLIENT_ID, CLIENT_SECRET) },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
    });
    expect(await errorOf(response)).toEqual({ status: 400, error: "invalid_request" });
  });
});

describe("token server: faults", () => {
  it("each HTTP fault kind has its observable answer and consumes nothing", async () => {
    const server = await start({ retryAfterSeconds: 7 });
    const rt = server.issueGrant();
    const cases: { kind: FaultKind; status: number; check?: (response: Response) => void }[] = [
      { kind: "http_500", status: 500 },
      { kind: "http_502", status: 502, check: (r) => expect(r.headers.get("content-type")).toMatch(/text\/html/) },
      { kind: "http_503", status: 503, check: (r) => expect(r.headers.get("retry-after")).toBeNull() },
      { kind: "http_503_retry_after", status: 503, check: (r) => expect(r.headers.get("retry-after")).toBe("7") },
      { kind: "http_429_seconds", status: 429, check: (r) => expect(r.headers.get("retry-after")).toBe("7") },
      {
        kind: "http_429_date",
        status: 429,
        check: (r) => {
          const header = r.headers.get("retry-after") ?? "";
          expect(header).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
          const waitMs = Date.parse(header) - Date.now();
          expect(waitMs).toBeGreaterThan(6000);
          expect(waitMs).toBeLessThanOrEqual(8000);
        },
      },
      { kind: "html_200", status: 200, check: (r) => expect(r.headers.get("content-type")).toMatch(/^text\/html/) },
      { kind: "invalid_grant", status: 400 },
      { kind: "invalid_client", status: 401, check: (r) => expect(r.headers.get("www-authenticate")).toMatch(/^Basic\b/) },
    ];
    for (const { kind, status, check } of cases) {
      server.failNext(kind);
      const response = await refresh(server, rt);
      expect(response.status, kind).toBe(status);
      check?.(response);
      const text = await response.text();
      if (kind === "html_200") expect(text).toMatch(/<html/i);
      if (kind === "invalid_grant" || kind === "invalid_client") expect(JSON.parse(text)).toEqual({ error: kind });
    }
    expect(server.grantOf(rt)).toEqual({ calls: cases.length, refreshes: 0, revoked: false, currentRefreshToken: rt });
    expect(server.stats().successes).toBe(0);
    await refreshOk(server, rt);
  });

  it("timeout never answers (the client's own deadline fires)", async () => {
    const server = await start();
    const rt = server.issueGrant();
    server.failNext("timeout");
    const started = Date.now();
    await expect(refresh(server, rt, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(server.stats().faults.timeout).toBe(1);
    expect(server.grantOf(rt)).toMatchObject({ calls: 1, refreshes: 0, currentRefreshToken: rt });
  });

  it("reset destroys the connection: fetch fails with a TypeError, nothing consumed", async () => {
    const server = await start();
    const rt = server.issueGrant();
    server.failNext("reset", 2);
    await expect(refresh(server, rt)).rejects.toThrow(TypeError);
    await expect(refresh(server, rt)).rejects.toThrow(TypeError);
    expect(server.stats()).toMatchObject({ calls: 2 });
    expect(server.grantOf(rt)).toMatchObject({ calls: 2, refreshes: 0, currentRefreshToken: rt });
    await refreshOk(server, rt);
  });

  it("lost_response rotates on the server while the client sees a network error", async () => {
    const server = await start();
    const rt1 = server.issueGrant();
    server.failNext("lost_response");
    await expect(refresh(server, rt1)).rejects.toThrow(TypeError);
    const grant = server.grantOf(rt1);
    expect(grant).toMatchObject({ calls: 1, refreshes: 1, revoked: false });
    expect(grant?.currentRefreshToken).not.toBe(rt1);
    expect(server.stats()).toMatchObject({ successes: 0 });
    expect(server.stats().faults.lost_response).toBe(1);
    // The naive retry with the token the client still holds is a reuse: the grant dies.
    expect(await errorOf(await refresh(server, rt1))).toEqual({ status: 400, error: "invalid_grant" });
    expect(server.grantOf(rt1)).toMatchObject({ revoked: true, currentRefreshToken: null });
  });

  it("lost_response is not among the default faults", async () => {
    const server = await start({ faultRate: 1, random: mulberry32(7), faults: undefined });
    for (let i = 0; i < 40; i++) {
      await tokenRequest(server, { grant_type: "client_credentials" }, { signal: AbortSignal.timeout(50) }).then(
        (response) => response.arrayBuffer(),
        () => undefined,
      );
    }
    const { faults, calls } = server.stats();
    expect(calls).toBe(40);
    expect(faults.lost_response + faults.html_200 + faults.invalid_grant + faults.invalid_client).toBe(0);
    expect(Object.values(faults).reduce((a, b) => a + b, 0)).toBe(40);
  });

  it("faultRate 0.3 with seeded randomness fails about 30% of 200 calls and never rotates on a fault", async () => {
    const server = await start({ faultRate: 0.3, faults: ["http_500", "http_503_retry_after", "http_429_date", "reset"], random: mulberry32(42) });
    let rt = server.issueGrant();
    const first = rt;
    let failures = 0;
    for (let i = 0; i < 200; i++) {
      try {
        const response = await refresh(server, rt);
        if (response.status === 200) {
          rt = ((await response.json()) as TokenBody).refresh_token ?? "";
        } else {
          failures++;
          await response.arrayBuffer();
        }
      } catch {
        failures++;
      }
    }
    const stats = server.stats();
    const faulted = Object.values(stats.faults).reduce((a, b) => a + b, 0);
    expect(stats.calls).toBe(200);
    expect(faulted).toBe(failures);
    expect(failures).toBeGreaterThanOrEqual(40);
    expect(failures).toBeLessThanOrEqual(80);
    expect(stats.successes).toBe(200 - failures);
    expect(server.grantOf(first)).toEqual({ calls: 200, refreshes: 200 - failures, revoked: false, currentRefreshToken: rt });

    server.setFaultRate(0);
    await refreshOk(server, rt);
    expect(() => server.setFaultRate(1.5)).toThrow(RangeError);
  });

  it("latencyMs delays the answer", async () => {
    const server = await start({ latencyMs: () => 60 });
    const started = Date.now();
    await refreshOk(server, server.issueGrant());
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe("token server: /api/me", () => {
  it("accepts valid access tokens only, with rate-limit headers when asked", async () => {
    const server = await start({ includeRateLimitHeaders: true, accessTokenLifetimeSeconds: (rt) => (rt === shortLived ? 1 : 3600) });
    const shortLived = server.issueGrant();
    const longLived = server.issueGrant();
    const me = (token: string) => fetch(server.apiUrl, { headers: { Authorization: `Bearer ${token}` } });

    const long = await refreshOk(server, longLived);
    const ok = await me(long.access_token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
    expect(Number(ok.headers.get("x-ratelimit-limit"))).toBeGreaterThan(0);
    expect(Number(ok.headers.get("x-ratelimit-remaining"))).toBeLessThan(Number(ok.headers.get("x-ratelimit-limit")));
    expect(Number(ok.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);

    const unknown = await me("not-a-token");
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(unknown.headers.get("x-ratelimit-remaining")).not.toBeNull();
    expect((await fetch(server.apiUrl)).status).toBe(401);

    const short = await refreshOk(server, shortLived);
    expect(short.expires_in).toBe(1);
    expect((await me(short.access_token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect(server.isAccessTokenValid(short.access_token)).toBe(false);
    expect((await me(short.access_token)).status).toBe(401);

    server.revokeGrant(longLived);
    expect((await me(long.access_token)).status).toBe(401);
  });
});

describe("token server: robustness", () => {
  it("garbage bodies get 400 invalid_request, never a crash", async () => {
    const server = await start();
    const auth = basic(CLIENT_ID, CLIENT_SECRET);
    const bodies: { contentType?: string; body: BodyInit }[] = [
      { contentType: "application/json", body: JSON.stringify({ grant_type: "client_credentials" }) },
      { body: "grant_type=client_credentials" },
      { contentType: "application/x-www-form-urlencoded", body: new Uint8Array([0, 255, 254, 37, 37, 61, 38, 0]) },
      { contentType: "application/x-www-form-urlencoded", body: "%%%===&&&%zz" },
      { contentType: "application/x-www-form-urlencoded", body: "grant_type=refresh_token&grant_type=client_credentials" },
      { contentType: "application/x-www-form-urlencoded", body: `grant_type=client_credentials&pad=${"x".repeat(200_000)}` },
      { contentType: "application/x-www-form-urlencoded", body: "" },
    ];
    for (const { contentType, body } of bodies) {
      const headers: Record<string, string> = { Authorization: auth };
      if (contentType) headers["Content-Type"] = contentType;
      const response = await fetch(server.tokenUrl, { method: "POST", headers, body });
      expect(await errorOf(response)).toEqual({ status: 400, error: "invalid_request" });
    }
    const badBasic = await fetch(server.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: "Basic %%%not-base64" },
      body: "grant_type=client_credentials",
    });
    expect(badBasic.status).toBe(401);
    expect((await fetch(server.tokenUrl)).status).toBe(405);
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);

    // Malformed HTTP on a raw socket.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(server.url).port), "127.0.0.1");
      let data = "";
      socket.on("data", (chunk) => (data += chunk.toString()));
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
      socket.write("POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);

    expect((await tokenRequest(server, { grant_type: "client_credentials" })).status).toBe(200);
    expect(server.stats().calls).toBe(bodies.length + 2);
  });

  it("close() promptly ends hung timeout sockets", async () => {
    const server = await startTokenServer();
    server.failNext("timeout", 3);
    const hung = [1, 2, 3].map(() => tokenRequest(server, { grant_type: "client_credentials" }));
    const settled = Promise.allSettled(hung);
    await waitFor(() => server.stats().calls === 3);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(500);
    const results = await settled;
    expect(results.every((result) => result.status === "rejected")).toBe(true);
    await server.close(); // idempotent
  });

  it("handles hundreds of concurrent refreshes, then again on the kept-alive sockets", async () => {
    const server = await start();
    for (let round = 0; round < 2; round++) {
      const grants = Array.from({ length: 500 }, () => server.issueGrant());
      const results = await Promise.all(grants.map((rt) => refreshOk(server, rt)));
      expect(new Set(results.map((body) => body.access_token)).size).toBe(500);
    }
    expect(server.stats()).toMatchObject({ calls: 1000, successes: 1000 });
  }, 30_000);
});
