import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { demoClientIds, demoClients } from "@/lib/server/demo-provider/demo-clients";
import { startDemoProvider, type DemoProvider } from "@/lib/server/demo-provider/start-demo-provider";
import { createUnboundedDemoAdapter, isGrantAlive, mintDemoGrants, mintDemoRefreshTokens } from "@/tests/helpers/demo-provider-grants";

const redirectUri = "http://localhost:3000/api/oauth/callback";
const clientId = demoClientIds.basic; // client_secret_basic, refresh_token grant, offline_access
const clientSecret = randomBytes(32).toString("base64url");

const discoverySchema = z.object({ token_endpoint: z.string() });
const tokenSchema = z.object({ access_token: z.string(), token_type: z.string(), refresh_token: z.string(), scope: z.string() });
const errorSchema = z.object({ error: z.string() });

function basicAuth(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
}

async function tokenEndpoint(provider: DemoProvider): Promise<string> {
  const response = await fetch(`${provider.issuer}/.well-known/openid-configuration`);
  expect(response.status).toBe(200);
  return discoverySchema.parse(await response.json()).token_endpoint;
}

function refresh(endpoint: string, refreshToken: string): Promise<Response> {
  return fetch(endpoint, {
    method: "POST",
    headers: { authorization: basicAuth(clientId, clientSecret), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString(),
  });
}

async function expectRotated(response: Response, presented: string): Promise<string> {
  expect(response.status).toBe(200);
  const body = tokenSchema.parse(await response.json());
  expect(body.refresh_token).not.toBe(presented);
  expect(body.scope.split(" ").sort()).toEqual(["offline_access", "openid"]);
  return body.refresh_token;
}

async function expectInvalidGrant(response: Response): Promise<void> {
  expect(response.status).toBe(400);
  expect(errorSchema.parse(await response.json()).error).toBe("invalid_grant");
}

/** Records the (unexposed) error_detail of every token endpoint error. */
function recordGrantErrors(provider: DemoProvider): string[] {
  const details: string[] = [];
  const instance = provider.testing?.provider as { on(event: string, listener: (...args: unknown[]) => void): unknown };
  instance.on("grant.error", (_ctx, error) => {
    details.push(String((error as { error_detail?: unknown }).error_detail));
  });
  return details;
}

function startProvider(adapter?: unknown): Promise<DemoProvider> {
  return startDemoProvider({
    port: 0,
    clients: demoClients({ redirectUris: [redirectUri], clientSecret }),
    ...(adapter === undefined ? {} : { testing: { adapter } }),
  });
}

describe("minted demo provider grants (default in-memory adapter)", () => {
  let provider: DemoProvider;
  let endpoint: string;
  let grantErrors: string[];

  beforeAll(async () => {
    provider = await startProvider();
    endpoint = await tokenEndpoint(provider);
    grantErrors = recordGrantErrors(provider);
  });

  afterAll(async () => {
    await provider?.close();
  });

  it("rotates on first use; reusing the consumed token is invalid_grant and revokes the grant, so the rotated token fails too", async () => {
    const [first, second, third] = await mintDemoRefreshTokens(provider, { clientId, count: 3 });
    if (!first || !second || !third) throw new Error("expected 3 refresh tokens");
    expect(new Set([first, second, third]).size).toBe(3);

    const rotated = await expectRotated(await refresh(endpoint, first), first);
    expect(await isGrantAlive(provider, first)).toBe(true);
    expect(await isGrantAlive(provider, rotated)).toBe(true);

    grantErrors.length = 0;
    await expectInvalidGrant(await refresh(endpoint, first));
    expect(grantErrors).toEqual(["refresh token already used"]);
    expect(await isGrantAlive(provider, first)).toBe(false);
    expect(await isGrantAlive(provider, rotated)).toBe(false);

    await expectInvalidGrant(await refresh(endpoint, rotated));
    expect(grantErrors).toEqual(["refresh token already used", "refresh token not found"]);

    // Grants are independent: the other minted tokens still rotate.
    expect(await isGrantAlive(provider, second)).toBe(true);
    await expectRotated(await refresh(endpoint, second), second);
    expect(await isGrantAlive(provider, third)).toBe(true);
  });

  it("two concurrent refreshes with one token: one rotates, the other is a reuse that revokes the grant, killing the winner's new token", async () => {
    const [token] = await mintDemoRefreshTokens(provider, { clientId, count: 1 });
    if (!token) throw new Error("expected a refresh token");
    grantErrors.length = 0;

    const responses = await Promise.all([refresh(endpoint, token), refresh(endpoint, token)]);
    const winners = responses.filter((response) => response.status === 200);
    expect(winners).toHaveLength(1);
    const [winner] = winners;
    const [loser] = responses.filter((response) => response.status !== 200);
    if (!winner || !loser) throw new Error("expected one winner and one loser");
    const rotated = await expectRotated(winner, token);
    await expectInvalidGrant(loser);
    expect(grantErrors).toEqual(["refresh token already used"]);

    expect(await isGrantAlive(provider, rotated)).toBe(false);
    await expectInvalidGrant(await refresh(endpoint, rotated));
  });

  it("the default adapter's 1,000-entry LRU cannot hold 1,000 minted grants (the helper notices and throws)", async () => {
    await expect(mintDemoRefreshTokens(provider, { clientId, count: 1_000 })).rejects.toThrow(/dropped by the provider's adapter/);
  });

  it("rejects clients or scopes that would get no refresh token", async () => {
    await expect(mintDemoRefreshTokens(provider, { clientId: "nobody", count: 1 })).rejects.toThrow(/not registered/);
    await expect(mintDemoRefreshTokens(provider, { clientId, count: 1, scope: "openid" })).rejects.toThrow(/no refresh token/);
    await expect(mintDemoRefreshTokens(provider, { clientId, count: 1, scope: "openid offline_access admin" })).rejects.toThrow(/may not request: admin/);
    await expect(isGrantAlive(provider, "not-a-token")).rejects.toThrow(/unknown refresh token/);
  });
});

describe("minted demo provider grants (unbounded in-memory adapter)", () => {
  let provider: DemoProvider;
  let endpoint: string;

  beforeAll(async () => {
    provider = await startProvider(await createUnboundedDemoAdapter());
    endpoint = await tokenEndpoint(provider);
  });

  afterAll(async () => {
    await provider?.close();
  });

  it("mints 1,000 live grants whose refresh tokens all rotate", async () => {
    const started = performance.now();
    const minted = await mintDemoGrants(provider, { clientId, count: 1_000 });
    const elapsed = performance.now() - started;
    console.info(`minted 1,000 demo grants + refresh tokens in ${elapsed.toFixed(1)} ms`);

    expect(minted).toHaveLength(1_000);
    expect(new Set(minted.map((grant) => grant.grantId)).size).toBe(1_000);
    expect(new Set(minted.map((grant) => grant.refreshToken)).size).toBe(1_000);

    const rotated = await Promise.all(
      minted.map(async ({ refreshToken }) => expectRotated(await refresh(endpoint, refreshToken), refreshToken)),
    );
    for (const [i, { grantId }] of minted.entries()) {
      expect(await isGrantAlive(provider, { grantId })).toBe(true);
      expect(await isGrantAlive(provider, rotated[i] ?? "")).toBe(true);
    }
  });
});
