import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConnectProvider } from "@/lib/server/connect/connect-provider";
import { revokeAtProvider, type RevocationSpec } from "@/lib/server/connect/revoke-at-provider";

type Seen = { method: string; url: string; authorization?: string; body: string };
let seen: Seen[] = [];
let answer = { status: 200, body: "" };
let server: Server;
let base: string;

const read = (req: IncomingMessage) => new Promise<string>((r) => { let b = ""; req.on("data", (c: Buffer) => (b += c.toString())); req.on("end", () => r(b)); });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization, body: await read(req) });
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(answer.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  seen = [];
  answer = { status: 200, body: "" };
});

const provider = (revocation: RevocationSpec): ConnectProvider => ({
  key: "p", name: "P", kind: "oauth2", authorizationUrl: `${base}/auth`, tokenUrl: `${base}/token`, scopeSeparator: " ",
  defaultScopes: [], minimumScopes: [], extraAuthorizationParams: {}, isDemo: false, revocation,
});
const client = { appId: "a", clientId: "cid", clientSecret: "secret-x", authMethod: "client_secret_basic" as const };
const tokens = { refresh_token: "rt-1/abc", access_token: "at-1" };

describe("revocation described as catalog data", () => {
  it("HubSpot style: DELETE with the refresh token in the path, access token left alone", async () => {
    const revoked = await revokeAtProvider({ provider: provider({ url: `${base}/oauth/v1/refresh-tokens/{token}`, style: "vendor", method: "DELETE", tokenPlacement: "path", revokes: ["refresh_token"] }), client, tokens });
    expect(revoked).toEqual(["refresh_token"]);
    expect(seen).toEqual([{ method: "DELETE", url: "/oauth/v1/refresh-tokens/rt-1%2Fabc", authorization: undefined, body: "" }]);
  });

  it("Slack style: the token revokes itself through the Authorization header, and ok:false is a failure", async () => {
    const spec: RevocationSpec = { url: `${base}/api/auth.revoke`, style: "vendor", method: "POST", tokenPlacement: "authorization_header", revokes: ["access_token"] };
    answer = { status: 200, body: JSON.stringify({ ok: true, revoked: true }) };
    expect(await revokeAtProvider({ provider: provider(spec), client, tokens })).toEqual(["access_token"]);
    expect(seen[0]?.authorization).toBe("Bearer at-1");
    answer = { status: 200, body: JSON.stringify({ ok: false, error: "invalid_auth" }) };
    await expect(revokeAtProvider({ provider: provider(spec), client, tokens })).rejects.toThrow(/ok: false/);
  });

  it("Zoho style: the refresh token as a query parameter", async () => {
    await revokeAtProvider({ provider: provider({ url: `${base}/oauth/v2/token/revoke`, style: "vendor", method: "POST", tokenPlacement: "query", revokes: ["refresh_token"] }), client, tokens });
    expect(seen[0]?.url).toBe("/oauth/v2/token/revoke?token=rt-1%2Fabc");
  });

  it("RFC 7009: refresh token first with its hint and client authentication, then the access token", async () => {
    const revoked = await revokeAtProvider({ provider: provider({ url: `${base}/revoke`, style: "rfc7009", method: "POST", tokenPlacement: "form", revokes: ["access_token", "refresh_token"] }), client, tokens });
    expect(revoked).toEqual(["refresh_token", "access_token"]);
    expect(seen.map((s) => new URLSearchParams(s.body).get("token_type_hint"))).toEqual(["refresh_token", "access_token"]);
    expect(seen[0]?.authorization).toMatch(/^Basic /);
  });

  it("reports an HTTP error from the provider instead of claiming success", async () => {
    answer = { status: 500, body: "{}" };
    await expect(revokeAtProvider({ provider: provider({ url: `${base}/x/{token}`, style: "vendor", method: "DELETE", tokenPlacement: "path", revokes: ["refresh_token"] }), client, tokens })).rejects.toThrow(/HTTP 500/);
  });
});
