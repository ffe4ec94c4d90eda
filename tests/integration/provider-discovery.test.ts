import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoClients } from "@/lib/server/demo-provider/demo-clients";
import { startDemoProvider, type DemoProvider } from "@/lib/server/demo-provider/start-demo-provider";
import { demoProviderEntry } from "@/lib/server/providers/catalog";
import { discoverProvider } from "@/lib/server/providers/discover-provider";
import { ProviderDiscoveryError, type ProviderDiscoveryFailure } from "@/lib/server/providers/provider-discovery-error";
import { providerEntrySchema } from "@/lib/server/providers/provider-entry-schema";

const redirectUri = "http://localhost:3000/api/oauth/callback";

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function discoveryFailure(run: () => Promise<unknown>): Promise<ProviderDiscoveryError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ProviderDiscoveryError) return error;
    throw error;
  }
  throw new Error("discovery succeeded where it should have failed");
}

async function expectFailure(run: () => Promise<unknown>, reason: ProviderDiscoveryFailure, message: RegExp): Promise<void> {
  const error = await discoveryFailure(run);
  expect(error.reason).toBe(reason);
  expect(error.message).toMatch(message);
  expect(error.fieldErrors?.url).toBe(error.message);
}

describe("discovering the demo provider", () => {
  let provider: DemoProvider;

  beforeAll(async () => {
    provider = await startDemoProvider({
      port: 0,
      clients: demoClients({ redirectUris: [redirectUri], clientSecret: randomBytes(32).toString("base64url") }),
    });
  });

  afterAll(async () => {
    await provider?.close();
  });

  it("drafts an OIDC entry from the issuer whose endpoints match the demo catalog entry", async () => {
    const entry = await discoverProvider({ url: provider.issuer, allowHttpLoopback: true, name: "Local demo" });
    const expected = demoProviderEntry(provider.issuer);

    expect(entry.kind).toBe("oidc");
    expect(entry.name).toBe("Local demo");
    expect(entry.id).toBe("127-0-0-1");
    expect(entry.allowsLoopbackHttp).toBe(true);
    expect(entry.issuer).toBe(provider.issuer);
    expect(entry.authorizationUrl).toBe(expected.authorizationUrl);
    expect(entry.tokenUrl).toBe(expected.tokenUrl);
    expect(entry.revocation?.url).toBe(expected.revocation?.url);
    expect(entry.tokenInspection?.url).toBe(expected.tokenInspection?.url);
    expect(entry.userinfoUrl).toBe(expected.userinfoUrl);
    expect(entry.pkce).toBe("supported");
    expect(entry.tokenEndpointAuthMethod).toBe("client_secret_basic");
    expect(entry.offlineScope).toBe("offline_access");
    expect(entry.defaultScopes).toEqual(["openid", "email", "profile", "offline_access"]);
    expect(entry.extraAuthorizationParams).toEqual({ prompt: "consent" });
    expect(entry.supportsClientCredentials).toBe(true);
    expect(entry.refreshTokenPolicy.idleExpiryDays).toBe("undocumented");
    expect(providerEntrySchema.safeParse(entry).success).toBe(true);
  });

  it("finds the same endpoints from the full well-known URL", async () => {
    const byIssuer = await discoverProvider({ url: provider.issuer, allowHttpLoopback: true });
    const byWellKnown = await discoverProvider({ url: `${provider.issuer}/.well-known/openid-configuration`, allowHttpLoopback: true });
    expect(byWellKnown).toEqual(byIssuer);
    expect(byWellKnown.docs.oauth).toBe(`${provider.issuer}/.well-known/openid-configuration`);
  });

  it("refuses the demo's plain http unless loopback http is allowed", async () => {
    await expectFailure(() => discoverProvider({ url: provider.issuer }), "insecure_url", /must use https/);
  });
});

describe("discovery against a misbehaving server", () => {
  let server: Server;
  let base: string;
  let hungRequests: ServerResponse[] = [];

  function json(response: ServerResponse, body: unknown): void {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  }

  function metadata(issuer: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      issuer,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      response_types_supported: ["code"],
      ...overrides,
    };
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const path = request.url ?? "/";
    switch (path) {
      case "/html/.well-known/openid-configuration":
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        response.end("<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>");
        return;
      case "/mismatch/.well-known/openid-configuration":
        return json(response, metadata("https://login.other.example"));
      case "/redirect/.well-known/openid-configuration":
        response.writeHead(302, { location: "https://login.other.example/.well-known/openid-configuration" });
        response.end();
        return;
      case "/.well-known/oauth-authorization-server/rfc8414":
        return json(response, metadata(`${base}/rfc8414`, { grant_types_supported: ["authorization_code", "client_credentials"] }));
      case "/public-endpoints/.well-known/openid-configuration":
        return json(response, metadata(`${base}/public-endpoints`, { token_endpoint: "http://login.other.example/token" }));
      case "/hang/.well-known/openid-configuration":
        hungRequests.push(response);
        return;
      default:
        response.writeHead(404, { "content-type": "text/plain" });
        response.end("not found");
    }
  }

  beforeAll(async () => {
    server = createServer(handle);
    base = `http://127.0.0.1:${await listen(server)}`;
  });

  afterAll(async () => {
    for (const response of hungRequests) response.destroy();
    hungRequests = [];
    await close(server);
  });

  it("falls back to RFC 8414 metadata when there is no OpenID configuration", async () => {
    const entry = await discoverProvider({ url: `${base}/rfc8414`, allowHttpLoopback: true, id: "Local AS" });
    expect(entry.kind).toBe("oauth2");
    expect(entry.id).toBe("local-as");
    expect(entry.issuer).toBe(`${base}/rfc8414`);
    expect(entry.tokenUrl).toBe(`${base}/token`);
    expect(entry.pkce).toBe("undocumented");
    expect(entry.supportsClientCredentials).toBe(true);
    expect(entry.refreshTokenPolicy.issued).toBe("never");
    expect(entry.refreshTokenRotates).toBe(false);
    expect(entry.defaultScopes).toEqual([]);
  });

  it("reads RFC 8414 metadata from its full well-known URL", async () => {
    const entry = await discoverProvider({ url: `${base}/.well-known/oauth-authorization-server/rfc8414`, allowHttpLoopback: true });
    expect(entry.issuer).toBe(`${base}/rfc8414`);
  });

  it("says not found when neither document exists", async () => {
    await expectFailure(() => discoverProvider({ url: `${base}/nothing-here`, allowHttpLoopback: true }), "not_found", /No discovery document/);
  });

  it("says an HTML page is not JSON", async () => {
    await expectFailure(() => discoverProvider({ url: `${base}/html`, allowHttpLoopback: true }), "not_json", /did not return JSON/);
  });

  it("names the issuer the document claims when it is not the one asked for", async () => {
    const error = await discoveryFailure(() => discoverProvider({ url: `${base}/mismatch`, allowHttpLoopback: true }));
    expect(error.reason).toBe("issuer_mismatch");
    expect(error.message).toContain("https://login.other.example");
    expect(error.details).toMatchObject({ received: "https://login.other.example", expected: `${base}/mismatch` });
  });

  it("reports a redirect instead of following it", async () => {
    await expectFailure(
      () => discoverProvider({ url: `${base}/redirect`, allowHttpLoopback: true }),
      "unexpected_status",
      /HTTP 302 \(a redirect to https:\/\/login\.other\.example/,
    );
  });

  it("refuses metadata whose endpoints leave https for a public host", async () => {
    await expectFailure(
      () => discoverProvider({ url: `${base}/public-endpoints`, allowHttpLoopback: true }),
      "invalid_metadata",
      /tokenUrl may use http only on a loopback host/,
    );
  });

  it("gives up on a server that never answers", async () => {
    await expectFailure(
      () => discoverProvider({ url: `${base}/hang`, allowHttpLoopback: true, timeoutMs: 300 }),
      "timeout",
      /did not answer within 0.3 s/,
    );
  });

  it("says when nothing listens on the port", async () => {
    const closed = createServer();
    const port = await listen(closed);
    await close(closed);
    await expectFailure(() => discoverProvider({ url: `http://127.0.0.1:${port}`, allowHttpLoopback: true }), "unreachable", /Could not connect/);
  });

  it("refuses http on a public host even when loopback http is allowed", async () => {
    await expectFailure(
      () => discoverProvider({ url: "http://login.example.com", allowHttpLoopback: true }),
      "insecure_url",
      /Only loopback hosts/,
    );
  });

  it("refuses something that is not a URL", async () => {
    await expectFailure(() => discoverProvider({ url: "login example" }), "invalid_url", /absolute URL/);
  });
});
