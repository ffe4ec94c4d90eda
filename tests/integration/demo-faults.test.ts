// The demo provider's outage switch: only a registered client may flip it, it fails token
// requests exactly as configured, and it leaves discovery and consent pages alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoClients } from "@/lib/server/demo-provider/demo-clients";
import { DEMO_FAULTS_PATH } from "@/lib/server/demo-provider/demo-faults";
import { startDemoProvider, type DemoProvider } from "@/lib/server/demo-provider/start-demo-provider";

const clientSecret = "demo-faults-secret-0123456789abcdef0123";
let provider: DemoProvider;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

async function setMode(mode: unknown, authorization = basic("authpulse-demo", clientSecret)) {
  return fetch(`${provider.issuer}${DEMO_FAULTS_PATH}`, { method: "POST", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify({ mode }) });
}

async function refresh() {
  return fetch(`${provider.issuer}/token`, {
    method: "POST",
    headers: { authorization: basic("authpulse-demo", clientSecret), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "whatever" }),
  });
}

beforeAll(async () => {
  provider = await startDemoProvider({ port: 0, clients: demoClients({ redirectUris: ["http://localhost:3000/api/oauth/callback"], clientSecret }) });
});

afterAll(async () => {
  await provider.close();
});

describe("demo provider faults", () => {
  it("refuses the switch without a registered client's credentials", async () => {
    expect((await setMode("unavailable", basic("authpulse-demo", "wrong-secret-wrong-secret-wrong-secret"))).status).toBe(401);
    expect((await setMode("unavailable", "Bearer x")).status).toBe(401);
    expect((await (await fetch(`${provider.issuer}${DEMO_FAULTS_PATH}`, { headers: { authorization: basic("authpulse-demo", clientSecret) } })).json())).toEqual({ mode: "none" });
  });

  it("rejects unknown modes and garbage with 400", async () => {
    expect((await setMode("explode")).status).toBe(400);
    const garbage = await fetch(`${provider.issuer}${DEMO_FAULTS_PATH}`, { method: "POST", headers: { authorization: basic("authpulse-demo", clientSecret) }, body: "{not json" });
    expect(garbage.status).toBe(400);
  });

  it("fails token requests as asked, and only those", async () => {
    expect((await setMode("unavailable")).status).toBe(200);
    let r = await refresh();
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("5");
    expect((await fetch(`${provider.issuer}/.well-known/openid-configuration`)).status).toBe(200);

    await setMode("rate_limited");
    r = await refresh();
    expect(r.status).toBe(429);
    expect(r.headers.get("x-ratelimit-remaining")).toBe("0");

    await setMode("invalid_grant");
    r = await refresh();
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toBe("invalid_grant");

    await setMode("none");
    r = await refresh();
    // Back to the real provider: an unknown refresh token is its own invalid_grant, not the simulated one.
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error_description: string }).error_description).not.toBe("simulated revoked grant");
  });
});
