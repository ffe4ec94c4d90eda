import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportPKCS8, generateKeyPair, jwtVerify, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { demoClientIds, demoClients } from "@/lib/server/demo-provider/demo-clients";
import { startDemoProvider, type DemoProvider } from "@/lib/server/demo-provider/start-demo-provider";
import { requestClientCredentialsToken } from "@/lib/server/oauth/client-credentials";
import { introspectToken } from "@/lib/server/oauth/introspect-token";
import { jwtBearerGrantType, parseServiceAccountKey, requestJwtBearerToken } from "@/lib/server/oauth/jwt-bearer";
import { revokeToken } from "@/lib/server/oauth/revoke-token";
import { TokenRequestError } from "@/lib/server/oauth/token-errors";

const clientSecret = `canary-demo-secret-${randomBytes(24).toString("base64url")}`;
const redirectUri = "http://localhost:3000/api/oauth/callback";

async function tokenFailure(run: Promise<unknown>, canaries: readonly string[]): Promise<TokenRequestError> {
  const error = await run.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TokenRequestError);
  const tokenError = error as TokenRequestError;
  const text = `${tokenError.message} ${tokenError.detail ?? ""} ${JSON.stringify(tokenError.oauthError ?? {})} ${tokenError.stack ?? ""}`;
  for (const canary of canaries) expect(text).not.toContain(canary);
  return tokenError;
}

describe("against the demo provider (oidc-provider)", () => {
  let provider: DemoProvider;
  let endpoints: { token: string; revocation: string; introspection: string };

  beforeAll(async () => {
    provider = await startDemoProvider({ port: 0, clients: demoClients({ redirectUris: [redirectUri], clientSecret }) });
    const discovery = z
      .object({ token_endpoint: z.string(), revocation_endpoint: z.string(), introspection_endpoint: z.string() })
      .parse(await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json());
    endpoints = { token: discovery.token_endpoint, revocation: discovery.revocation_endpoint, introspection: discovery.introspection_endpoint };
  });

  afterAll(async () => {
    await provider?.close();
  });

  it("gets a client_credentials token with client_secret_basic", async () => {
    const before = Date.now();
    const grant = await requestClientCredentialsToken({
      tokenEndpoint: endpoints.token,
      clientId: demoClientIds.basic,
      clientSecret,
      authMethod: "client_secret_basic",
      scopes: ["crm.read", "contacts.read"],
    });
    expect(grant.tokenType).toBe("bearer");
    expect(grant.accessToken.length).toBeGreaterThan(20);
    expect(grant.refreshToken).toBeNull();
    expect(grant.grantedScopes).toEqual(["crm.read", "contacts.read"]);
    expect(grant.expiresAt?.getTime()).toBeGreaterThan(before);
    expect(grant.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now() + 3600 * 1000);
  });

  it("gets a client_credentials token with client_secret_post; unknown scopes are dropped and reported as granted scopes", async () => {
    const grant = await requestClientCredentialsToken({
      tokenEndpoint: endpoints.token,
      clientId: demoClientIds.post,
      clientSecret,
      authMethod: "client_secret_post",
      scopes: ["crm.write", "no.such.scope"],
    });
    expect(grant.grantedScopes).toEqual(["crm.write"]);
  });

  it("maps a wrong secret onto oauth_error invalid_client without echoing either secret", async () => {
    const wrongSecret = `canary-wrong-secret-${randomBytes(24).toString("base64url")}`;
    for (const authMethod of ["client_secret_basic", "client_secret_post"] as const) {
      const error = await tokenFailure(
        requestClientCredentialsToken({
          tokenEndpoint: endpoints.token,
          clientId: authMethod === "client_secret_basic" ? demoClientIds.basic : demoClientIds.post,
          clientSecret: wrongSecret,
          authMethod,
          scopes: ["crm.read"],
        }),
        [wrongSecret, clientSecret],
      );
      expect(error.reason).toBe("oauth_error");
      expect(error.status).toBe(401);
      expect(error.oauthError?.error).toBe("invalid_client");
      expect(error.message).toMatch(/^The provider rejected the client id or secret\. Check the OAuth app's credentials\./);
    }
  });

  it("revokes a token (RFC 7009) so introspection (RFC 7662) reports it inactive", async () => {
    const auth = { clientId: demoClientIds.basic, clientSecret, authMethod: "client_secret_basic" as const };
    const grant = await requestClientCredentialsToken({ ...auth, tokenEndpoint: endpoints.token, scopes: ["crm.read"] });

    const active = await introspectToken({ ...auth, introspectionEndpoint: endpoints.introspection, token: grant.accessToken, tokenTypeHint: "access_token" });
    expect(active).toMatchObject({ active: true, scope: ["crm.read"], clientId: demoClientIds.basic });
    expect(Math.abs((active.exp?.getTime() ?? 0) - (grant.expiresAt?.getTime() ?? 0))).toBeLessThan(2000);

    expect(await revokeToken({ ...auth, revocationEndpoint: endpoints.revocation, token: grant.accessToken, tokenTypeHint: "access_token" })).toEqual({ revoked: true });
    expect(await introspectToken({ ...auth, introspectionEndpoint: endpoints.introspection, token: grant.accessToken })).toEqual({
      active: false,
      scope: null,
      exp: null,
      sub: null,
      clientId: null,
    });
  });

  it("reports a revocation refused by the provider", async () => {
    const grant = await requestClientCredentialsToken({ tokenEndpoint: endpoints.token, clientId: demoClientIds.basic, clientSecret, authMethod: "client_secret_basic", scopes: [] });
    // The demo provider lets a client revoke only its own tokens (invalid_request otherwise).
    const result = await revokeToken({ revocationEndpoint: endpoints.revocation, token: grant.accessToken, clientId: demoClientIds.post, clientSecret, authMethod: "client_secret_post" });
    expect(result.revoked).toBe(false);
    if (result.revoked) return;
    expect(result.error.reason).toBe("oauth_error");
    expect(result.error.oauthError?.error).toBe("invalid_request");
    expect(result.error.message).not.toContain(grant.accessToken);
  });
});

interface TokenServer {
  url: string;
  close(): Promise<void>;
}

type Answer = { status: number; body: string; contentType?: string };

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

async function startTokenServer(answer: (path: string, form: URLSearchParams, url: string) => Promise<Answer>): Promise<TokenServer> {
  let base = "";
  const server: Server = createServer((request, response) => {
    void (async () => {
      const form = await readForm(request);
      const result = await answer(request.url ?? "/", form, base);
      response.writeHead(result.status, { "content-type": result.contentType ?? "application/json", "cache-control": "no-store" });
      response.end(result.body);
    })().catch(() => {
      response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function oauthError(status: number, error: string, description: string): Answer {
  return { status, body: JSON.stringify({ error, error_description: description }) };
}

/** Verifies an RFC 7523 assertion as a careful authorization server would; returns the claims or throws. */
async function verifyAssertion(assertion: string, publicKey: CryptoKey, expected: { issuer: string; subject: string; audience: string }): Promise<JWTPayload> {
  const { payload } = await jwtVerify(assertion, publicKey, { ...expected, algorithms: ["RS256", "ES256"], requiredClaims: ["exp", "iat", "jti"] });
  if ((payload.exp ?? 0) - (payload.iat ?? 0) > 3600) throw new Error("assertion lives longer than one hour");
  return payload;
}

describe("private_key_jwt and JWT bearer against a verifying token server", () => {
  const clientId = "authpulse-pkjwt";
  const serviceAccount = "sync@authpulse-test.iam.gserviceaccount.com";
  const impersonated = "admin@example.com";
  let server: TokenServer;
  let rsa: { pem: string; publicKey: CryptoKey };
  let ec: { pem: string; publicKey: CryptoKey };
  let otherPem: string;
  const seenJtis = new Set<string>();
  const received: Array<{ path: string; form: Record<string, string> }> = [];

  beforeAll(async () => {
    const rsaPair = await generateKeyPair("RS256", { extractable: true });
    rsa = { pem: await exportPKCS8(rsaPair.privateKey), publicKey: rsaPair.publicKey };
    const ecPair = await generateKeyPair("ES256", { extractable: true });
    ec = { pem: await exportPKCS8(ecPair.privateKey), publicKey: ecPair.publicKey };
    otherPem = await exportPKCS8((await generateKeyPair("RS256", { extractable: true })).privateKey);

    server = await startTokenServer(async (path, form, base) => {
      received.push({ path, form: Object.fromEntries(form) });
      const audience = `${base}${path}`;
      if (path === "/html") return { status: 200, contentType: "text/html; charset=utf-8", body: "<!DOCTYPE html><html><body><form>Sign in</form></body></html>" };
      if (path === "/client-token" || path === "/client-token-ec") {
        if (form.get("grant_type") !== "client_credentials") return oauthError(400, "unsupported_grant_type", "client_credentials only");
        if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") return oauthError(401, "invalid_client", "no assertion");
        try {
          const key = path === "/client-token" ? rsa.publicKey : ec.publicKey;
          const claims = await verifyAssertion(form.get("client_assertion") ?? "", key, { issuer: clientId, subject: clientId, audience });
          if (form.get("client_id") !== clientId) throw new Error("client_id mismatch");
          if (seenJtis.has(claims.jti ?? "")) throw new Error("assertion replayed");
          seenJtis.add(claims.jti ?? "");
        } catch {
          return oauthError(401, "invalid_client", "client assertion rejected");
        }
        return { status: 200, body: JSON.stringify({ access_token: `cc-${randomBytes(16).toString("hex")}`, token_type: "Bearer", expires_in: 900, scope: form.get("scope") ?? undefined }) };
      }
      if (path === "/jwt-bearer") {
        if (form.get("grant_type") !== jwtBearerGrantType) return oauthError(400, "unsupported_grant_type", "jwt-bearer only");
        try {
          const claims = await verifyAssertion(form.get("assertion") ?? "", rsa.publicKey, { issuer: serviceAccount, subject: impersonated, audience });
          return {
            status: 200,
            body: JSON.stringify({ access_token: `sa-${randomBytes(16).toString("hex")}`, token_type: "Bearer", expires_in: 3599, scope: claims.scope }),
          };
        } catch {
          return oauthError(400, "invalid_grant", "Invalid JWT Signature.");
        }
      }
      return { status: 404, contentType: "text/plain", body: "not found" };
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  it("authenticates with private_key_jwt (RS256 PEM): signature, aud = token endpoint, exp ≤ 1 h, iss = sub = client_id", async () => {
    const grant = await requestClientCredentialsToken({
      tokenEndpoint: `${server.url}/client-token`,
      clientId,
      authMethod: "private_key_jwt",
      privateKeyPem: rsa.pem,
      keyId: "rsa-1",
      scopes: ["reports.read"],
    });
    expect(grant).toMatchObject({ tokenType: "bearer", grantedScopes: ["reports.read"], refreshToken: null });
    // A second call mints a new assertion (fresh jti), which the server accepts.
    await requestClientCredentialsToken({ tokenEndpoint: `${server.url}/client-token`, clientId, authMethod: "private_key_jwt", privateKeyPem: rsa.pem, scopes: [] });
    const last = received.at(-1)?.form ?? {};
    expect(last.client_secret).toBeUndefined();
  });

  it("authenticates with private_key_jwt (ES256)", async () => {
    const grant = await requestClientCredentialsToken({ tokenEndpoint: `${server.url}/client-token-ec`, clientId, authMethod: "private_key_jwt", privateKeyPem: ec.pem, scopes: [] });
    expect(grant.tokenType).toBe("bearer");
  });

  it("maps an assertion signed with the wrong key onto invalid_client, never echoing the key", async () => {
    const error = await tokenFailure(
      requestClientCredentialsToken({ tokenEndpoint: `${server.url}/client-token`, clientId, authMethod: "private_key_jwt", privateKeyPem: otherPem, scopes: [] }),
      [otherPem.split("\n")[1] ?? "unreachable"],
    );
    expect(error).toMatchObject({ reason: "oauth_error", status: 401, oauthError: { error: "invalid_client" } });
  });

  it("exchanges a service-account key for a token with the JWT bearer grant (RFC 7523)", async () => {
    const key = parseServiceAccountKey(
      JSON.stringify({
        type: "service_account",
        project_id: "authpulse-test",
        private_key_id: "key-1",
        private_key: rsa.pem,
        client_email: serviceAccount,
        token_uri: `${server.url}/jwt-bearer`,
      }),
    );
    const grant = await requestJwtBearerToken({
      tokenEndpoint: key.tokenUri,
      issuer: key.clientEmail,
      subject: impersonated,
      scopes: ["https://www.googleapis.com/auth/admin.directory.user.readonly", "https://www.googleapis.com/auth/calendar.readonly"],
      privateKeyPem: key.privateKeyPem,
      keyId: key.privateKeyId,
    });
    expect(grant.grantedScopes).toEqual(["https://www.googleapis.com/auth/admin.directory.user.readonly", "https://www.googleapis.com/auth/calendar.readonly"]);
    expect(grant.tokenType).toBe("bearer");
    const form = received.at(-1)?.form ?? {};
    expect(Object.keys(form).sort()).toEqual(["assertion", "grant_type"]);
  });

  it("maps a rejected assertion onto oauth_error invalid_grant without the assertion or key in the error", async () => {
    const error = await tokenFailure(
      requestJwtBearerToken({ tokenEndpoint: `${server.url}/jwt-bearer`, issuer: serviceAccount, subject: impersonated, scopes: ["x"], privateKeyPem: otherPem }),
      [otherPem.split("\n")[1] ?? "unreachable"],
    );
    expect(error).toMatchObject({ reason: "oauth_error", status: 400, oauthError: { error: "invalid_grant", description: "Invalid JWT Signature." } });
  });

  it("refuses an HTML page answered with 200 as html_response", async () => {
    const error = await tokenFailure(
      requestClientCredentialsToken({ tokenEndpoint: `${server.url}/html`, clientId, clientSecret, authMethod: "client_secret_post", scopes: [] }),
      [clientSecret],
    );
    expect(error.reason).toBe("html_response");
    expect(error.status).toBe(200);
  });

  it("maps a 404 text page onto http_error and a closed port onto network", async () => {
    const notFound = await tokenFailure(
      requestClientCredentialsToken({ tokenEndpoint: `${server.url}/nowhere`, clientId, clientSecret, authMethod: "client_secret_basic", scopes: [] }),
      [clientSecret],
    );
    expect(notFound).toMatchObject({ reason: "http_error", status: 404 });
    const closed = await startTokenServer(async () => ({ status: 200, body: "{}" }));
    await closed.close();
    const network = await tokenFailure(
      requestClientCredentialsToken({ tokenEndpoint: `${closed.url}/token`, clientId, clientSecret, authMethod: "client_secret_basic", scopes: [] }),
      [clientSecret],
    );
    expect(network.reason).toBe("network");
  });
});
