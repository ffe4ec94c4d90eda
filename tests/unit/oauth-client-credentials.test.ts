import { decodeProtectedHeader, exportPKCS8, generateKeyPair, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { ServiceError } from "@/lib/server/errors";
import { requestClientCredentialsToken, type ClientCredentialsInput } from "@/lib/server/oauth/client-credentials";
import { introspectToken } from "@/lib/server/oauth/introspect-token";
import type { FetchFn } from "@/lib/server/oauth/outbound-http";
import { revokeToken } from "@/lib/server/oauth/revoke-token";
import { TokenRequestError } from "@/lib/server/oauth/token-errors";

const SECRET_CANARY = "canary-client-secret-1f2e3d4c5b6a";
const TOKEN_CANARY = "canary-access-token-a1b2c3d4e5f6";
const tokenEndpoint = "https://auth.example.com/oauth/token";
const now = () => new Date("2026-04-01T00:00:00.000Z");

interface Captured {
  url: string;
  headers: Headers;
  body: URLSearchParams;
}

function recordingFetch(answer: () => Response, captured: Captured[]): FetchFn {
  return async (url, init) => {
    captured.push({ url, headers: new Headers(init.headers), body: new URLSearchParams(String(init.body)) });
    return answer();
  };
}

const tokenAnswer = () =>
  new Response(JSON.stringify({ access_token: TOKEN_CANARY, token_type: "bearer", expires_in: 600, scope: "crm.read" }), {
    status: 200,
    headers: { "content-type": "application/json" },
  });

function input(overrides: Partial<ClientCredentialsInput>): ClientCredentialsInput {
  return { tokenEndpoint, clientId: "app-1", clientSecret: SECRET_CANARY, authMethod: "client_secret_basic", scopes: ["crm.read", "crm.write"], now, ...overrides };
}

async function tokenFailure(run: Promise<unknown>): Promise<TokenRequestError> {
  const error = await run.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TokenRequestError);
  const tokenError = error as TokenRequestError;
  expect(`${tokenError.message} ${tokenError.detail ?? ""} ${JSON.stringify(tokenError.oauthError ?? {})}`).not.toContain(SECRET_CANARY);
  return tokenError;
}

let rsa: { pem: string; publicKey: CryptoKey };

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  rsa = { pem: await exportPKCS8(pair.privateKey), publicKey: pair.publicKey };
});

describe("requestClientCredentialsToken", () => {
  it("sends client_secret_basic with the scopes and returns the normalised grant", async () => {
    const captured: Captured[] = [];
    const grant = await requestClientCredentialsToken(input({ fetch: recordingFetch(tokenAnswer, captured) }));
    expect(grant).toEqual({
      accessToken: TOKEN_CANARY,
      tokenType: "bearer",
      expiresAt: new Date("2026-04-01T00:10:00.000Z"),
      refreshToken: null,
      grantedScopes: ["crm.read"],
      raw: { token_type: "bearer", expires_in: 600, scope: "crm.read" },
    });
    const [request] = captured;
    expect(request?.url).toBe(tokenEndpoint);
    // RFC 6749 §2.3.1: oauth4webapi form-encodes id and secret (even "-" → %2D) before base64. Providers
    // that skip the decoding (oauth4webapi issues #69, #148, #199) need client_secret_post instead.
    const formEncode = (value: string) => encodeURIComponent(value).replace(/[-_.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    expect(request?.headers.get("authorization")).toBe(`Basic ${btoa(`${formEncode("app-1")}:${formEncode(SECRET_CANARY)}`)}`);
    expect(Object.fromEntries(request?.body ?? [])).toEqual({ grant_type: "client_credentials", scope: "crm.read crm.write" });
  });

  it("sends client_secret_post with a custom scope separator and extra parameters", async () => {
    const captured: Captured[] = [];
    await requestClientCredentialsToken(
      input({ authMethod: "client_secret_post", scopeSeparator: ",", extraParameters: { audience: "https://api.example.com" }, fetch: recordingFetch(tokenAnswer, captured) }),
    );
    expect(captured[0]?.headers.has("authorization")).toBe(false);
    expect(Object.fromEntries(captured[0]?.body ?? [])).toEqual({
      audience: "https://api.example.com",
      grant_type: "client_credentials",
      scope: "crm.read,crm.write",
      client_id: "app-1",
      client_secret: SECRET_CANARY,
    });
  });

  it("signs a private_key_jwt assertion with aud = token endpoint and times from now()", async () => {
    const captured: Captured[] = [];
    await requestClientCredentialsToken(
      input({ authMethod: "private_key_jwt", clientSecret: undefined, privateKeyPem: rsa.pem, keyId: "k1", fetch: recordingFetch(tokenAnswer, captured) }),
    );
    const body = captured[0]?.body;
    expect(body?.get("client_assertion_type")).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    const assertion = body?.get("client_assertion") ?? "";
    const { payload } = await jwtVerify(assertion, rsa.publicKey, { issuer: "app-1", subject: "app-1", audience: tokenEndpoint, currentDate: now() });
    expect(decodeProtectedHeader(assertion)).toMatchObject({ alg: "RS256", kid: "k1" });
    expect(payload.iat).toBe(Math.floor(now().getTime() / 1000));
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);
    expect(typeof payload.jti).toBe("string");
  });

  it("refuses http:// except on loopback, and missing credentials, before any request", async () => {
    const captured: Captured[] = [];
    const fetch = recordingFetch(tokenAnswer, captured);
    for (const bad of [
      input({ tokenEndpoint: "http://auth.example.com/token", fetch }),
      input({ tokenEndpoint: "ftp://auth.example.com/token", fetch }),
      input({ clientSecret: undefined, fetch }),
      input({ authMethod: "private_key_jwt", clientSecret: undefined, fetch }),
    ]) {
      const error = await requestClientCredentialsToken(bad).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ServiceError);
      expect(JSON.stringify((error as ServiceError).fieldErrors)).not.toContain(SECRET_CANARY);
    }
    expect(captured).toHaveLength(0);
    await requestClientCredentialsToken(input({ tokenEndpoint: "http://127.0.0.1:9/token", fetch }));
    await requestClientCredentialsToken(input({ tokenEndpoint: "http://[::1]:9/token", fetch }));
    expect(captured).toHaveLength(2);
  });

  it("maps network failures and timeouts", async () => {
    const refused: FetchFn = async () => {
      throw new TypeError("fetch failed");
    };
    expect((await tokenFailure(requestClientCredentialsToken(input({ fetch: refused })))).reason).toBe("network");
    const hanging: FetchFn = (_url, init) => new Promise((_resolve, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    const timeout = await tokenFailure(requestClientCredentialsToken(input({ fetch: hanging, timeoutMs: 20 })));
    expect(timeout.reason).toBe("timeout");
  });

  it("never puts the client secret in an error, even when the provider echoes it", async () => {
    const echo = () =>
      new Response(JSON.stringify({ error: "invalid_client", error_description: `bad secret ${SECRET_CANARY}` }), {
        status: 401,
        headers: { "content-type": "application/json" },
      });
    const error = await tokenFailure(requestClientCredentialsToken(input({ fetch: recordingFetch(echo, []) })));
    expect(error.reason).toBe("oauth_error");
    expect(error.oauthError?.description).toBe("bad secret [redacted]");
  });
});

describe("revokeToken and introspectToken", () => {
  it("returns revocation failures instead of throwing", async () => {
    const unavailable = () => new Response("busy", { status: 503, headers: { "retry-after": "30" } });
    const result = await revokeToken({
      revocationEndpoint: "https://auth.example.com/oauth/revoke",
      token: TOKEN_CANARY,
      tokenTypeHint: "refresh_token",
      clientId: "app-1",
      clientSecret: SECRET_CANARY,
      authMethod: "client_secret_post",
      fetch: recordingFetch(unavailable, []),
      now,
    });
    expect(result.revoked).toBe(false);
    if (result.revoked) return;
    expect(result.error).toMatchObject({ reason: "http_error", status: 503, retryAfterSeconds: 30 });
    expect(result.error.message).not.toContain(TOKEN_CANARY);
  });

  it("validates the introspection answer with zod", async () => {
    const answer = (body: unknown) => () => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
    const base = { introspectionEndpoint: "https://auth.example.com/oauth/introspect", token: TOKEN_CANARY, clientId: "app-1", clientSecret: SECRET_CANARY, authMethod: "client_secret_basic" as const };
    const active = await introspectToken({ ...base, fetch: recordingFetch(answer({ active: true, scope: "a b", exp: 1_800_000_000, sub: "u1", client_id: "app-1" }), []) });
    expect(active).toEqual({ active: true, scope: ["a", "b"], exp: new Date(1_800_000_000_000), sub: "u1", clientId: "app-1" });
    expect(await introspectToken({ ...base, fetch: recordingFetch(answer({ active: false }), []) })).toEqual({ active: false, scope: null, exp: null, sub: null, clientId: null });
    expect((await tokenFailure(introspectToken({ ...base, fetch: recordingFetch(answer({ active: true, exp: "tomorrow" }), []) }))).reason).toBe("invalid_response");
    expect((await tokenFailure(introspectToken({ ...base, fetch: recordingFetch(answer({ ok: true }), []) }))).reason).toBe("invalid_response");
  });
});
