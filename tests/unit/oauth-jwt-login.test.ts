import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { ServiceError } from "@/lib/server/errors";
import { formatJsonPath, lookupJsonPath, parseJsonPath } from "@/lib/server/oauth/json-path";
import { performJwtLogin, type JwtLoginInput } from "@/lib/server/oauth/jwt-login";
import { JwtLoginError, type JwtLoginErrorReason } from "@/lib/server/oauth/jwt-login-error";
import { removeNulls } from "@/lib/server/oauth/remove-nulls";

const PASSWORD_CANARY = "canary-login-password-4e5f6a7b";
const API_KEY_CANARY = "canary-api-key-0a1b2c3d4e5f";
const now = () => new Date("2026-02-01T08:00:00.000Z");
const loginUrl = "https://api.example.com/v1/login";

interface Captured {
  url: string;
  init: RequestInit;
}

function fakeFetch(response: () => Response, captured: Captured[] = []): JwtLoginInput["fetch"] {
  return async (url, init) => {
    captured.push({ url, init });
    return response();
  };
}

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

function input(overrides: Partial<JwtLoginInput> = {}): JwtLoginInput {
  return {
    method: "POST",
    url: loginUrl,
    headers: { "x-api-key": API_KEY_CANARY },
    body: { username: "ops@example.com", password: PASSWORD_CANARY },
    removeNulls: false,
    tokenPath: "data.token",
    now,
    ...overrides,
  };
}

async function jwtExpiringAt(exp: number): Promise<string> {
  return new SignJWT({ sub: "user-1" }).setProtectedHeader({ alg: "HS256" }).setExpirationTime(exp).sign(new TextEncoder().encode("test-signing-key-of-32-bytes!!!!"));
}

async function loginFailure(login: JwtLoginInput, reason: JwtLoginErrorReason): Promise<JwtLoginError> {
  const error = await performJwtLogin(login).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(JwtLoginError);
  const loginError = error as JwtLoginError;
  expect(loginError.reason).toBe(reason);
  expect(loginError.message).not.toContain(PASSWORD_CANARY);
  expect(loginError.message).not.toContain(API_KEY_CANARY);
  return loginError;
}

describe("field paths", () => {
  it("parses dot and bracket paths", () => {
    expect(parseJsonPath("data.token")).toEqual(["data", "token"]);
    expect(parseJsonPath("auth[0].jwt")).toEqual(["auth", 0, "jwt"]);
    expect(parseJsonPath("$.data['access-token']")).toEqual(["data", "access-token"]);
    expect(parseJsonPath('result["a.b"][2]')).toEqual(["result", "a.b", 2]);
    expect(parseJsonPath("$key")).toEqual(["$key"]);
    for (const bad of ["", "$", "data.", "data..token", ".data", "data.[0]", "a b", "data[x"]) expect(parseJsonPath(bad)).toBeNull();
  });

  it("looks values up through objects and arrays, own properties only", () => {
    const body = { auth: [{ jwt: "t" }], data: { token: "x" } };
    expect(lookupJsonPath(body, ["auth", 0, "jwt"])).toEqual({ found: true, value: "t" });
    expect(lookupJsonPath(body, ["auth", "0", "jwt"])).toEqual({ found: true, value: "t" });
    expect(lookupJsonPath(body, ["data", "missing"])).toEqual({ found: false, matched: 1, container: { token: "x" } });
    expect(lookupJsonPath(body, ["constructor"]).found).toBe(false);
    expect(lookupJsonPath(body, ["data", "token", "length"]).found).toBe(false);
    expect(formatJsonPath(["auth", 0, "jwt", "a.b"])).toBe('auth[0].jwt["a.b"]');
  });

  it("removes null fields recursively and keeps everything else", () => {
    expect(removeNulls({ a: null, b: 0, c: "", d: false, e: { f: null, g: [{ h: null, i: 1 }, null] } })).toEqual({ b: 0, c: "", d: false, e: { g: [{ i: 1 }, null] } });
  });
});

describe("performJwtLogin", () => {
  it("posts the JSON body, reads the token at the path and takes the JWT's exp", async () => {
    const exp = Math.floor(now().getTime() / 1000) + 1800;
    const token = await jwtExpiringAt(exp);
    const captured: Captured[] = [];
    const result = await performJwtLogin(input({ fetch: fakeFetch(() => jsonResponse({ data: { token } }), captured) }));
    expect(result).toEqual({ token, headerName: "Authorization", headerValue: `Bearer ${token}`, expiresAt: new Date(exp * 1000), expirySource: "jwt" });
    const [request] = captured;
    expect(request?.url).toBe(loginUrl);
    expect(request?.init.method).toBe("POST");
    expect(request?.init.redirect).toBe("manual");
    expect(request?.init.headers).toMatchObject({ "x-api-key": API_KEY_CANARY, "content-type": "application/json", accept: "application/json" });
    expect(JSON.parse(String(request?.init.body))).toEqual({ username: "ops@example.com", password: PASSWORD_CANARY });
  });

  it("strips nulls from the body when removeNulls is on (object or JSON text)", async () => {
    const captured: Captured[] = [];
    const fetch = fakeFetch(() => jsonResponse({ data: { token: "opaque" } }), captured);
    const body = { username: "ops", password: PASSWORD_CANARY, mfa: null, options: { remember: null, scope: "all" } };
    await performJwtLogin(input({ fetch, body, removeNulls: true }));
    await performJwtLogin(input({ fetch, body: JSON.stringify(body), removeNulls: true }));
    await performJwtLogin(input({ fetch, body, removeNulls: false }));
    expect(JSON.parse(String(captured[0]?.init.body))).toEqual({ username: "ops", password: PASSWORD_CANARY, options: { scope: "all" } });
    expect(JSON.parse(String(captured[1]?.init.body))).toEqual({ username: "ops", password: PASSWORD_CANARY, options: { scope: "all" } });
    expect(JSON.parse(String(captured[2]?.init.body))).toEqual(body);
  });

  it("uses custom header names and token types, and the bare token when the type is empty", async () => {
    const fetch = fakeFetch(() => jsonResponse({ auth: [{ jwt: "opaque-token" }] }));
    const custom = await performJwtLogin(input({ fetch, tokenPath: "auth[0].jwt", tokenType: "Token", headerName: "X-Session" }));
    expect(custom).toMatchObject({ headerName: "X-Session", headerValue: "Token opaque-token", expiresAt: null, expirySource: "unknown" });
    const bare = await performJwtLogin(input({ fetch, tokenPath: "auth[0].jwt", tokenType: "" }));
    expect(bare.headerValue).toBe("opaque-token");
  });

  it("prefers the configured lifetime, then the response field, then the JWT exp", async () => {
    const token = await jwtExpiringAt(Math.floor(now().getTime() / 1000) + 60);
    const fetch = fakeFetch(() => jsonResponse({ data: { token, expires_at: "2026-02-01T10:00:00Z", ttl: 900, epoch: 1_770_000_000, epochMs: 1_770_000_000_000 } }));
    expect((await performJwtLogin(input({ fetch, expiresInSeconds: 3600, expiresAtPath: "data.ttl" }))).expiresAt?.toISOString()).toBe("2026-02-01T09:00:00.000Z");
    const fromField = await performJwtLogin(input({ fetch, expiresAtPath: "data.expires_at" }));
    expect(fromField).toMatchObject({ expiresAt: new Date("2026-02-01T10:00:00Z"), expirySource: "response" });
    expect((await performJwtLogin(input({ fetch, expiresAtPath: "data.ttl" }))).expiresAt?.toISOString()).toBe("2026-02-01T08:15:00.000Z");
    expect((await performJwtLogin(input({ fetch, expiresAtPath: "data.epoch" }))).expiresAt?.getTime()).toBe(1_770_000_000_000);
    expect((await performJwtLogin(input({ fetch, expiresAtPath: "data.epochMs" }))).expiresAt?.getTime()).toBe(1_770_000_000_000);
    expect((await performJwtLogin(input({ fetch }))).expirySource).toBe("jwt");
  });

  it("names the path and lists the top-level keys when the token is not there", async () => {
    const fetch = fakeFetch(() => jsonResponse({ data: { user: { id: 1 }, session: "s" }, meta: {} }));
    const error = await loginFailure(input({ fetch, tokenPath: "data.token" }), "token_path_not_found");
    expect(error.message).toBe('The login response has no token at "data.token". "data" exists; its keys: user, session. Top-level keys: data, meta.');
  });

  it("refuses a token that is not a string, without echoing it", async () => {
    const fetch = fakeFetch(() => jsonResponse({ data: { token: { value: "secret-ish" } } }));
    const error = await loginFailure(input({ fetch }), "token_not_string");
    expect(error.message).toBe('The value at "data.token" is an object, not a string token.');
    expect(error.message).not.toContain("secret-ish");
    await loginFailure(input({ fetch: fakeFetch(() => jsonResponse({ data: { token: 12345 } })) }), "token_not_string");
  });

  it("reports a failed login with its status and a short redacted snippet, never the credentials", async () => {
    const echo = { error: { message: `invalid password ${PASSWORD_CANARY} for key ${API_KEY_CANARY}` } };
    const error = await loginFailure(input({ fetch: fakeFetch(() => jsonResponse(echo, 401)) }), "http_error");
    expect(error.status).toBe(401);
    expect(error.message).toBe('The login request failed with HTTP 401. Check the credentials in the login request. The service said: "invalid password [redacted] for key [redacted]"');
    const html = await loginFailure(input({ fetch: fakeFetch(() => new Response(`<html>${PASSWORD_CANARY}</html>`, { status: 500 })) }), "http_error");
    expect(html.message).toBe("The login request failed with HTTP 500. The service had a problem; try again later.");
  });

  it("refuses HTML and non-JSON answers", async () => {
    const html = fakeFetch(() => new Response("<!doctype html><title>Login</title>", { status: 200, headers: { "content-type": "text/html" } }));
    await loginFailure(input({ fetch: html }), "html_response");
    await loginFailure(input({ fetch: fakeFetch(() => new Response("token=abc", { status: 200 })) }), "not_json");
  });

  it("reports a bad expiry field clearly", async () => {
    const fetch = fakeFetch(() => jsonResponse({ data: { token: "t", exp: "soon" } }));
    const error = await loginFailure(input({ fetch, expiresAtPath: "data.exp" }), "bad_expiry");
    expect(error.message).toBe('The expiry at "data.exp" is a string that is not a date, a Unix timestamp or a number of seconds.');
    await loginFailure(input({ fetch, expiresAtPath: "data.expires" }), "bad_expiry");
  });

  it("maps transport failures onto network and timeout", async () => {
    const refused: JwtLoginInput["fetch"] = async () => {
      throw new TypeError("fetch failed");
    };
    await loginFailure(input({ fetch: refused }), "network");
    const hanging: JwtLoginInput["fetch"] = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    await loginFailure(input({ fetch: hanging, timeoutMs: 20 }), "timeout");
  });

  it("refuses bad settings with a ServiceError naming the field", async () => {
    const cases: Array<[Partial<JwtLoginInput>, string]> = [
      [{ url: "http://api.example.com/login" }, "url"],
      [{ tokenPath: "data..token" }, "tokenPath"],
      [{ method: "GET" }, "body"],
      [{ headers: { "bad header": "x" } }, "headers"],
      [{ tokenType: "Bearer token" }, "tokenType"],
    ];
    for (const [overrides, field] of cases) {
      const error = await performJwtLogin(input(overrides)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ServiceError);
      expect(Object.keys((error as ServiceError).fieldErrors ?? {})).toContain(field);
      expect(JSON.stringify((error as ServiceError).fieldErrors)).not.toContain(PASSWORD_CANARY);
    }
    await expect(performJwtLogin(input({ url: "http://127.0.0.1:9/login", fetch: fakeFetch(() => jsonResponse({ data: { token: "t" } })) }))).resolves.toMatchObject({
      token: "t",
    });
  });
});
