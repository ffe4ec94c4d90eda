import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aadFor } from "@/lib/server/vault/aad";
import { parseKeyring } from "@/lib/server/vault/keyring";
import { open } from "@/lib/server/vault/seal";
import { launchBrowser } from "../helpers/browser";
import { createAdminAndLogIn } from "../helpers/first-admin";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

const ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "canary-connect-admin-91c2-long" };

let app: AuthpulseProcess;
let browser: Browser;
let page: Page;
let db: pg.Client;
let connectionId: string;
const callbackUrls: string[] = [];

/** Signs in at the demo provider when it asks (its own session may remember us), then waits on its consent page. */
async function reachConsent(login: string) {
  const loginField = page.locator('input[name="login"]');
  const consent = page.locator('input[name="prompt"][value="consent"]');
  await Promise.race([loginField.waitFor(), consent.waitFor({ state: "attached" })]);
  if (await loginField.count()) {
    await loginField.fill(login);
    await page.locator('input[name="password"]').fill("any password");
    await page.locator('button[type="submit"]').click();
    await consent.waitFor({ state: "attached" });
  }
}

async function approveAtDemoProvider(login: string) {
  await reachConsent(login);
  await page.getByRole("button", { name: "Continue" }).click();
}

async function demoSecrets() {
  const secrets = JSON.parse(readFileSync(join(app.dataDir, "secrets.json"), "utf8")) as { demoClientSecret: string };
  const demoUrl = app.output().match(/Demo OAuth provider: (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
  if (!demoUrl) throw new Error("demo provider URL not printed");
  return { secret: secrets.demoClientSecret, demoUrl };
}

/** Opens the sealed refresh token straight from the database with the master key file. */
async function storedRefreshToken(id: string): Promise<string> {
  const keyring = parseKeyring(readFileSync(join(app.dataDir, "master.key"), "utf8"), "master.key");
  const { rows } = await db.query<{ refresh_token_sealed: string }>("SELECT refresh_token_sealed FROM connections WHERE id = $1", [id]);
  return open(keyring, rows[0]!.refresh_token_sealed, aadFor("connection", id, "refresh_token"));
}

async function introspect(token: string): Promise<{ active: boolean }> {
  const { secret, demoUrl } = await demoSecrets();
  const response = await fetch(`${demoUrl}/token/introspection`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`authpulse-demo:${secret}`).toString("base64")}` },
    body: new URLSearchParams({ token }),
  });
  return (await response.json()) as { active: boolean };
}

beforeAll(async () => {
  app = await startAuthpulse();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on("request", (request) => {
    if (request.url().includes("/api/oauth/callback")) callbackUrls.push(request.url());
  });
  await createAdminAndLogIn(page, app, ADMIN);
  db = new pg.Client({ connectionString: app.embeddedDatabaseUrl() });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await browser?.close();
  expect(await app?.stop("SIGINT")).toBe(0);
});

describe("Connect the demo provider through its real consent screen", () => {
  it("connects in a few clicks and shows who authorized it, the scopes and the expiry", async () => {
    await page.goto(`${app.url}/connections`);
    await page.getByRole("link", { name: "Connect a provider" }).click();
    await page.locator('a[href="/connections/new/authpulse-demo"]').click();
    expect(await page.getByTestId("redirect-uri").inputValue()).toBe(`${app.url}/api/oauth/callback`);
    await page.getByRole("button", { name: /^Connect with / }).click();
    await approveAtDemoProvider("casey");
    await page.waitForURL(/\/connections\/[^/?]+\?connected=1$/);
    connectionId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByRole("status").getByText("Connected", { exact: true }).waitFor();
    expect(await page.getByTestId("authorized-account").textContent()).toContain("casey@demo.authpulse.local");
    expect(await page.getByTestId("access-expiry").textContent()).toMatch(/expires in [45] minutes/);
    expect(await page.getByTestId("refresh-token").textContent()).toMatch(/issued/);
    expect(await page.getByTestId("scope-diff").textContent()).toContain("offline_access");
    const { rows } = await db.query("SELECT status, access_token_sealed, refresh_token_sealed, granted_scopes FROM connections WHERE id = $1", [connectionId]);
    expect(rows[0].status).toBe("active");
    expect(rows[0].access_token_sealed).toMatch(/^v1:k1:/);
    expect(rows[0].refresh_token_sealed).toMatch(/^v1:k1:/);
    expect((await introspect(await storedRefreshToken(connectionId))).active).toBe(true);
  });

  it("refuses a replayed callback and changes nothing", async () => {
    const before = await db.query("SELECT count(*)::int AS n, max(updated_at) AS u FROM connections");
    await page.goto(callbackUrls.at(-1)!);
    await page.waitForURL(/\/connections\?error=state_reused/);
    await page.getByText("already used once").waitFor();
    const after = await db.query("SELECT count(*)::int AS n, max(updated_at) AS u FROM connections");
    expect(after.rows[0]).toEqual(before.rows[0]);
  });

  it("says clearly when consent is declined, and stores nothing", async () => {
    await page.goto(`${app.url}/connections/new/authpulse-demo`);
    await page.getByRole("button", { name: /^Connect with / }).click();
    await reachConsent("casey");
    await page.getByRole("link", { name: "[ Cancel ]" }).click();
    await page.waitForURL(/\/connections\?error=access_denied/);
    await page.getByText("Consent was declined at the provider").waitFor();
    const { rows } = await db.query("SELECT count(*)::int AS n FROM connections");
    expect(rows[0].n).toBe(1);
  });

  it("reconnects with an added scope and keeps the connection's id", async () => {
    await page.goto(`${app.url}/connections/${connectionId}`);
    const reconnect = page.locator("form").filter({ has: page.locator('input[name="connectionId"]') }).filter({ hasText: "Reconnect with" });
    const added = "crm.write";
    expect(await reconnect.locator(`input[name="scopes"][value="${added}"]`).count()).toBe(0);
    await reconnect.getByLabel("Other scopes").fill(added);
    await reconnect.getByRole("button", { name: /^Reconnect with / }).click();
    await approveAtDemoProvider("casey");
    await page.waitForURL(new RegExp(`/connections/${connectionId}\\?reconnected=1$`));
    expect(await page.locator(`[data-scope="${added}"]`).textContent()).toContain("yes");
    const { rows } = await db.query("SELECT count(*)::int AS n FROM connections");
    expect(rows[0].n).toBe(1);
  });

  it("disconnects, and the provider confirms the refresh token is revoked", async () => {
    const refreshToken = await storedRefreshToken(connectionId);
    expect((await introspect(refreshToken)).active).toBe(true);
    await page.goto(`${app.url}/connections/${connectionId}`);
    await page.getByRole("button", { name: "Disconnect and revoke" }).click();
    await page.getByText("The provider confirmed the tokens are revoked").waitFor({ timeout: 15_000 }).catch(async (e: unknown) => {
      console.log("DISCONNECT PAGE", (await page.locator("main").textContent())?.slice(0, 1500), app.output().slice(-1500));
      throw e;
    });
    expect((await introspect(refreshToken)).active).toBe(false);
    const { rows } = await db.query("SELECT status, access_token_sealed, refresh_token_sealed FROM connections WHERE id = $1", [connectionId]);
    expect(rows[0]).toEqual({ status: "disconnected", access_token_sealed: null, refresh_token_sealed: null });
  });

  it("answers 404 for a connection id of another workspace", async () => {
    const response = await page.goto(`${app.url}/connections/not-a-real-id`);
    expect(response?.status()).toBe(404);
  });
});
