import { generateKeyPair, SignJWT } from "jose";
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { maxExpiresInSeconds, parseTokenResponse, type ParseTokenResponseOptions } from "@/lib/server/oauth/parse-token-response";
import { TokenRequestError, toTokenRequestError, type TokenRequestErrorReason } from "@/lib/server/oauth/token-errors";

const ACCESS_CANARY = "canary-access-token-5d1f0b2e9a";
const REFRESH_CANARY = "canary-refresh-token-77c3aa01e4";
const SECRET_CANARY = "canary-client-secret-9b8a7c6d5e";
const now = () => new Date("2026-01-01T00:00:00.000Z");

function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), { status: 200, ...init, headers: { "content-type": "application/json", ...init.headers } });
}

async function failure(response: Response, options: ParseTokenResponseOptions = {}): Promise<TokenRequestError> {
  try {
    await parseTokenResponse(response, { now, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRequestError);
    const tokenError = error as TokenRequestError;
    for (const canary of [ACCESS_CANARY, REFRESH_CANARY, SECRET_CANARY]) {
      expect(tokenError.message).not.toContain(canary);
      expect(tokenError.detail ?? "").not.toContain(canary);
      expect(JSON.stringify(tokenError.oauthError ?? {})).not.toContain(canary);
    }
    return tokenError;
  }
  throw new Error("expected parseTokenResponse to fail");
}

async function expectReason(response: Response, reason: TokenRequestErrorReason, options: ParseTokenResponseOptions = {}): Promise<TokenRequestError> {
  const error = await failure(response, options);
  expect(error.reason).toBe(reason);
  return error;
}

describe("parseTokenResponse: refused responses", () => {
  it("refuses an HTML page answered with 200", async () => {
    const page = new Response("<!DOCTYPE html><html><body>Sign in</body></html>", { status: 200, headers: { "content-type": "text/html; charset=utf-8" } });
    const error = await expectReason(page, "html_response");
    expect(error.message).toMatch(/HTML page/);
  });

  it("refuses a body that is not JSON", async () => {
    await expectReason(new Response("access_token=abc&token_type=bearer", { status: 200, headers: { "content-type": "text/plain" } }), "not_json");
    await expectReason(new Response("<html>oops</html>", { status: 200, headers: { "content-type": "application/json" } }), "not_json");
  });

  it("refuses {} as missing access_token", async () => {
    const error = await expectReason(json({}), "missing_access_token");
    expect(error.message).toMatch(/no access_token/);
  });

  it("refuses an empty or non-string access_token", async () => {
    await expectReason(json({ access_token: "", token_type: "bearer" }), "missing_access_token");
    await expectReason(json({ access_token: 42, token_type: "bearer" }), "missing_access_token");
  });

  it.each([["abc"], [-5], [1e12], [3600.5], [maxExpiresInSeconds + 1], [null], [true]])("refuses expires_in %j", async (expiresIn) => {
    const error = await expectReason(json({ access_token: ACCESS_CANARY, token_type: "bearer", expires_in: expiresIn }), "bad_expires_in");
    expect(error.message).toMatch(/expires_in/);
  });

  it("refuses token_type mac, and DPoP unless asked", async () => {
    const mac = await expectReason(json({ access_token: ACCESS_CANARY, token_type: "mac" }), "unsupported_token_type");
    expect(mac.message).toContain('"mac"');
    await expectReason(json({ access_token: ACCESS_CANARY, token_type: "DPoP" }), "unsupported_token_type");
    const dpop = await parseTokenResponse(json({ access_token: ACCESS_CANARY, token_type: "DPoP" }), { now, acceptTokenTypes: ["bearer", "dpop"] });
    expect(dpop.tokenType).toBe("dpop");
  });

  it("accepts mac only when asked", async () => {
    const grant = await parseTokenResponse(json({ access_token: ACCESS_CANARY, token_type: "MAC" }), { now, acceptTokenTypes: ["mac"] });
    expect(grant.tokenType).toBe("mac");
  });

  it("refuses a missing token_type with its own message", async () => {
    const error = await expectReason(json({ access_token: ACCESS_CANARY }), "unsupported_token_type");
    expect(error.message).toBe("The provider's token response has no token_type.");
  });

  it("refuses other malformed fields as invalid_response, naming the field", async () => {
    const nullScope = await expectReason(json({ access_token: ACCESS_CANARY, token_type: "bearer", scope: null }), "invalid_response");
    expect(nullScope.message).toBe("The provider's token response is malformed (check scope).");
    const numericRefresh = await expectReason(json({ access_token: ACCESS_CANARY, token_type: "bearer", refresh_token: 42 }), "invalid_response");
    expect(numericRefresh.message).toContain("refresh_token");
    await expectReason(json([{ access_token: ACCESS_CANARY }]), "invalid_response");
  });

  it("maps error=invalid_grant with 400 onto oauth_error with the code", async () => {
    const error = await expectReason(json({ error: "invalid_grant", error_description: "grant request is invalid" }, { status: 400 }), "oauth_error");
    expect(error.status).toBe(400);
    expect(error.oauthError).toEqual({ error: "invalid_grant", description: "grant request is invalid" });
    expect(error.message).toMatch(/invalid_grant/);
  });

  it("gives invalid_client its credentials message", async () => {
    const error = await expectReason(json({ error: "invalid_client" }, { status: 401 }), "oauth_error");
    expect(error.message).toBe("The provider rejected the client id or secret. Check the OAuth app's credentials.");
  });

  it.each(["unauthorized_client", "invalid_scope"])("maps %s", async (code) => {
    const error = await expectReason(json({ error: code }, { status: 400 }), "oauth_error");
    expect(error.oauthError?.error).toBe(code);
    expect(error.message).toContain(code);
  });

  it("reads the error code of a 401 that carries a WWW-Authenticate challenge", async () => {
    const response = json({ error: "invalid_client" }, { status: 401, headers: { "www-authenticate": 'Basic realm="token", error="invalid_client"' } });
    const error = await expectReason(response, "oauth_error");
    expect(error.oauthError?.error).toBe("invalid_client");
    expect(error.status).toBe(401);
  });

  it("reads the error code from the JSON body of a 401 whose challenge is a bare Basic realm (RFC 6749 §5.2)", async () => {
    const response = json({ error: "invalid_client", error_description: "bad secret" }, { status: 401, headers: { "www-authenticate": 'Basic realm="token"' } });
    const error = await expectReason(response, "oauth_error");
    expect(error.oauthError).toEqual({ error: "invalid_client", description: "bad secret" });
    expect(error.status).toBe(401);
  });

  it("a 401 with a bare Basic challenge and no JSON body stays an http_error", async () => {
    const response = new Response("nope", { status: 401, headers: { "www-authenticate": 'Basic realm="token"', "content-type": "text/plain" } });
    const error = await expectReason(response, "http_error");
    expect(error.status).toBe(401);
  });

  it("maps an error in a 200 answer (GitHub style) onto oauth_error", async () => {
    const error = await expectReason(json({ error: "bad_verification_code", error_description: "The code passed is incorrect or expired." }), "oauth_error");
    expect(error.oauthError?.error).toBe("bad_verification_code");
  });

  it("redacts secrets echoed in an error_description", async () => {
    const response = json({ error: "invalid_client", error_description: `client secret ${SECRET_CANARY} is wrong` }, { status: 401 });
    const error = await expectReason(response, "oauth_error", { secrets: [SECRET_CANARY] });
    expect(error.oauthError?.description).toBe("client secret [redacted] is wrong");
  });

  it("maps non-2xx answers without an OAuth error onto http_error", async () => {
    const html = new Response("<html>Bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } });
    const error = await expectReason(html, "http_error");
    expect(error.status).toBe(502);
    const notFound = await expectReason(json({ message: "no such route" }, { status: 404 }), "http_error");
    expect(notFound.message).toMatch(/404/);
  });

  it("reads Retry-After on 429 (seconds and HTTP-date)", async () => {
    const seconds = await expectReason(new Response("slow down", { status: 429, headers: { "retry-after": "120" } }), "http_error");
    expect(seconds.retryAfterSeconds).toBe(120);
    const date = await expectReason(new Response("slow down", { status: 429, headers: { "retry-after": "Thu, 01 Jan 2026 00:01:30 GMT" } }), "http_error");
    expect(date.retryAfterSeconds).toBe(90);
  });
});

describe("parseTokenResponse: accepted responses", () => {
  it.each(["Bearer", "bearer", "BEARER"])("accepts token_type %s as bearer", async (tokenType) => {
    const grant = await parseTokenResponse(json({ access_token: ACCESS_CANARY, token_type: tokenType, expires_in: 3600 }), { now });
    expect(grant.accessToken).toBe(ACCESS_CANARY);
    expect(grant.tokenType).toBe("bearer");
    expect(grant.expiresAt?.toISOString()).toBe("2026-01-01T01:00:00.000Z");
  });

  it("leaves expiresAt, refreshToken and grantedScopes null when the response omits them", async () => {
    const grant = await parseTokenResponse(json({ access_token: ACCESS_CANARY, token_type: "bearer" }), { now });
    expect(grant.expiresAt).toBeNull();
    expect(grant.refreshToken).toBeNull();
    expect(grant.grantedScopes).toBeNull();
    expect(grant.idTokenClaims).toBeUndefined();
  });

  it("accepts expires_in 0 and a numeric string", async () => {
    const zero = await parseTokenResponse(json({ access_token: ACCESS_CANARY, token_type: "bearer", expires_in: 0 }), { now });
    expect(zero.expiresAt?.getTime()).toBe(now().getTime());
    const text = await parseTokenResponse(json({ access_token: ACCESS_CANARY, token_type: "bearer", expires_in: "7200" }), { now });
    expect(text.expiresAt?.toISOString()).toBe("2026-01-01T02:00:00.000Z");
  });

  it("splits the scope string on the separator (and whitespace)", async () => {
    const spaced = await parseTokenResponse(json({ access_token: ACCESS_CANARY, token_type: "bearer", scope: "crm.read  contacts.read" }), { now });
    expect(spaced.grantedScopes).toEqual(["crm.read", "contacts.read"]);
    const commas = await parseTokenResponse(json({ access_token: ACCESS_CANARY, token_type: "bearer", scope: "ZohoCRM.modules.ALL,ZohoCRM.users.READ" }), {
      now,
      scopeSeparator: ",",
    });
    expect(commas.grantedScopes).toEqual(["ZohoCRM.modules.ALL", "ZohoCRM.users.READ"]);
    const empty = await parseTokenResponse(json({ access_token: ACCESS_CANARY, token_type: "bearer", scope: "" }), { now });
    expect(empty.grantedScopes).toEqual([]);
  });

  it("keeps the refresh token and only allow-listed, non-secret raw fields", async () => {
    const grant = await parseTokenResponse(
      json({
        access_token: ACCESS_CANARY,
        refresh_token: REFRESH_CANARY,
        token_type: "Bearer",
        expires_in: 60,
        scope: "api refresh_token",
        instance_url: "https://example.my.salesforce.com",
        authed_user: { access_token: "canary-nested-user-token" },
        client_secret: SECRET_CANARY,
      }),
      { now },
    );
    expect(grant.refreshToken).toBe(REFRESH_CANARY);
    expect(grant.raw).toEqual({ token_type: "bearer", expires_in: 60, scope: "api refresh_token", instance_url: "https://example.my.salesforce.com" });
    const raw = JSON.stringify(grant.raw);
    for (const canary of [ACCESS_CANARY, REFRESH_CANARY, SECRET_CANARY, "canary-nested-user-token"]) expect(raw).not.toContain(canary);
  });
});

describe("toTokenRequestError", () => {
  it("maps fetch failures onto network and timeouts onto timeout", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const network = toTokenRequestError(new TypeError("fetch failed", { cause: refused }));
    expect(network.reason).toBe("network");
    expect(network.detail).toBe("network error ECONNREFUSED");
    expect(toTokenRequestError(new DOMException("The operation timed out.", "TimeoutError")).reason).toBe("timeout");
  });

  it("rethrows errors that are not provider or transport failures", () => {
    const bug = new RangeError("bug");
    expect(() => toTokenRequestError(bug)).toThrow(bug);
  });
});

describe("parseTokenResponse: id_token", () => {
  const issuer = "https://login.example.com";
  const clientId = "app-1";

  async function idToken(claims: Record<string, unknown>): Promise<string> {
    const { privateKey } = await generateKeyPair("RS256");
    const nowSeconds = Math.floor(Date.now() / 1000);
    return new SignJWT({ email: "ops@example.com", ...claims })
      .setProtectedHeader({ alg: "RS256" })
      .setIssuer(String(claims.iss ?? issuer))
      .setAudience(clientId)
      .setSubject("user-1")
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + 300)
      .sign(privateKey);
  }

  it("returns the validated id_token claims through the caller's oauth4webapi processing", async () => {
    const as: oauth.AuthorizationServer = { issuer };
    const client: oauth.Client = { client_id: clientId };
    const response = json({ access_token: ACCESS_CANARY, token_type: "Bearer", id_token: await idToken({}) });
    const grant = await parseTokenResponse(response, {
      now,
      process: (res, recognizedTokenTypes) => oauth.processGenericTokenEndpointResponse(as, client, res, { recognizedTokenTypes }),
    });
    expect(grant.idTokenClaims).toMatchObject({ iss: issuer, sub: "user-1", aud: clientId, email: "ops@example.com" });
    expect(JSON.stringify(grant.raw)).not.toContain("id_token");
  });

  it("refuses an id_token from another issuer as invalid_response", async () => {
    const response = json({ access_token: ACCESS_CANARY, token_type: "Bearer", id_token: await idToken({ iss: "https://evil.example" }) });
    const error = await expectReason(response, "invalid_response", { authorizationServer: { issuer }, client: { client_id: clientId } });
    expect(error.message).toMatch(/id_token did not validate/);
  });
});
