// The issue-6 promise, as a user meets it: a demo-provider connection made through the real
// consent screen refreshes on its own (here with 30-second tokens, so minutes become seconds),
// the connection page and the Status page show it, and Refresh now works.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aadFor } from "@/lib/server/vault/aad";
import { parseKeyring } from "@/lib/server/vault/keyring";
import { open } from "@/lib/server/vault/seal";
import { launchBrowser } from "../helpers/browser";
import { connectDemoProvider } from "../helpers/connect-demo";
import { createAdminAndLogIn } from "../helpers/first-admin";
import { saveScreenshot } from "../helpers/screenshot";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

const ADMIN = { name: "Rae RevOps", email: "rae@example.com", password: "canary-refresh-admin-5d0e-long" };

let app: AuthpulseProcess;
let browser: Browser;
let page: Page;
let db: pg.Client;
let connectionId: string;

async function storedRefreshToken(id: string): Promise<string> {
  const keyring = parseKeyring(readFileSync(join(app.dataDir, "master.key"), "utf8"), "master.key");
  const { rows } = await db.query<{ refresh_token_sealed: string }>("SELECT refresh_token_sealed FROM connections WHERE id = $1", [id]);
  return open(keyring, rows[0]!.refresh_token_sealed, aadFor("connection", id, "refresh_token"));
}

async function introspect(token: string): Promise<{ active: boolean }> {
  const secret = (JSON.parse(readFileSync(join(app.dataDir, "secrets.json"), "utf8")) as { demoClientSecret: string }).demoClientSecret;
  const demoUrl = app.output().match(/Demo OAuth provider: (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
  const response = await fetch(`${demoUrl}/token/introspection`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`authpulse-demo:${secret}`).toString("base64")}` },
    body: new URLSearchParams({ token }),
  });
  return (await response.json()) as { active: boolean };
}

async function refreshEvents(): Promise<{ class: string; source: string }[]> {
  const { rows } = await db.query<{ class: string; source: string }>("SELECT class, source FROM auth_events WHERE connection_id = $1 ORDER BY id", [connectionId]);
  return rows;
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  app = await startAuthpulse({ env: { DEMO_PROVIDER_ACCESS_TOKEN_TTL_SECONDS: "30", REFRESH_POLL_MS: "250" } });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await createAdminAndLogIn(page, app, ADMIN);
  db = new pg.Client({ connectionString: app.embeddedDatabaseUrl() });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await browser?.close();
  expect(await app?.stop("SIGINT")).toBe(0);
});

describe("a connection keeps itself alive", () => {
  it("connects the demo provider; the worker refreshes it before expiry, rotating the refresh token, with no user action", async () => {
    connectionId = await connectDemoProvider(page, app.url);
    expect(await page.getByTestId("refresh-health").textContent()).toContain("Healthy");
    expect(await page.getByTestId("next-refresh").textContent()).toMatch(/in \d+ seconds?/);
    const firstRefreshToken = await storedRefreshToken(connectionId);

    // 30-second tokens refresh at half their lifetime: two refreshes within ~35 s, each rotating the refresh token.
    const events = await waitFor("two scheduled refreshes", refreshEvents, (rows) => rows.filter((r) => r.class === "success" && r.source === "refresh").length >= 2);
    expect(events.every((e) => e.class === "success")).toBe(true);
    const current = await storedRefreshToken(connectionId);
    expect(current).not.toBe(firstRefreshToken);
    expect((await introspect(current)).active).toBe(true);
    const { rows } = await db.query<{ access_token_expires_at: Date; health: string }>("SELECT access_token_expires_at, health FROM connections WHERE id = $1", [connectionId]);
    expect(rows[0]!.health).toBe("healthy");
    expect(rows[0]!.access_token_expires_at.getTime()).toBeGreaterThan(Date.now());

    await page.reload();
    expect(await page.getByTestId("auth-event").count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId("auth-event").first().getAttribute("data-class")).toBe("success");
    expect(await page.getByTestId("last-refreshed").textContent()).toMatch(/seconds? ago|just now/);
    expect(await page.getByTestId("hard-deadline").textContent()).toMatch(/\d{4}/);
    await saveScreenshot(page, "connection-refresh-healthy");
  });

  it("the Status page shows token refresh working", async () => {
    await page.goto(`${app.url}/status`);
    await page.getByTestId("refreshed-last-hour").waitFor();
    expect(Number(await page.getByTestId("refreshed-last-hour").textContent())).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId("refresh-overdue").textContent()).toContain("none");
    expect(await page.getByTestId("recent-refreshes").textContent()).toContain("Refreshed");
    await saveScreenshot(page, "status-token-refresh");
  });

  it("Refresh now refreshes at once and records it", async () => {
    const before = (await refreshEvents()).length;
    await page.goto(`${app.url}/connections/${connectionId}`);
    await page.getByRole("button", { name: "Refresh now" }).click();
    await page.getByText(/Refreshed: the provider issued a new access token|A worker is refreshing this connection right now/).waitFor();
    await waitFor("one more refresh", refreshEvents, (rows) => rows.length > before);
    const { rows } = await db.query("SELECT action FROM audit_logs WHERE target_id = $1 AND action = 'connection.refresh_requested'", [connectionId]);
    expect(rows).toHaveLength(1);
  });

  it("a simulated provider outage: the refresh retries with backoff (Retrying), then recovers when the provider is back", async () => {
    await page.goto(`${app.url}/connections/${connectionId}`);
    await page.getByRole("button", { name: "Outage (503)" }).click();
    await page.getByText("now answers 503").waitFor();
    await waitFor("a failed refresh", refreshEvents, (rows) => rows.some((r) => r.class === "provider_unavailable"), 60_000);
    await page.reload();
    expect(await page.getByTestId("refresh-health").textContent()).toContain("Retrying");
    expect(await page.getByTestId("demo-fault-mode").textContent()).toContain("Outage (503)");
    await saveScreenshot(page, "connection-retrying-outage");
    await page.getByRole("button", { name: "Back to normal" }).click();
    await page.getByText("works normally again").waitFor();
    await waitFor("recovery", refreshEvents, (rows) => rows.at(-1)?.class === "recovered", 60_000);
    await page.reload();
    expect(await page.getByTestId("refresh-health").textContent()).toContain("Healthy");
  });

  it("a refresh token revoked at the provider turns into 'Needs reconnect' once, with no retry loop", async () => {
    const secret = (JSON.parse(readFileSync(join(app.dataDir, "secrets.json"), "utf8")) as { demoClientSecret: string }).demoClientSecret;
    const demoUrl = app.output().match(/Demo OAuth provider: (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
    await fetch(`${demoUrl}/token/revocation`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`authpulse-demo:${secret}`).toString("base64")}` },
      body: new URLSearchParams({ token: await storedRefreshToken(connectionId), token_type_hint: "refresh_token" }),
    });
    await waitFor("needs_reauth", async () => (await db.query<{ health: string }>("SELECT health FROM connections WHERE id = $1", [connectionId])).rows[0]!.health, (h) => h === "needs_reauth");
    const failures = (await refreshEvents()).filter((e) => e.class === "needs_reauth");
    expect(failures).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await refreshEvents()).filter((e) => e.class === "needs_reauth")).toHaveLength(1);
    await page.goto(`${app.url}/connections/${connectionId}`);
    expect(await page.getByTestId("refresh-health").textContent()).toContain("Needs reconnect");
    await page.getByText("The authorization was revoked or expired").first().waitFor();
    await saveScreenshot(page, "connection-needs-reconnect");
  });
});
