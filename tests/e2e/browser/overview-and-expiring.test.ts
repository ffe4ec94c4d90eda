// Issue 7, screens 1, 2 and 6 as a RevOps user meets them: with the demo provider connected and
// credentials created through the UI, the Overview answers "what breaks this week?" with the fix
// for each; the Expiring timeline switches 7/30/90 days and filters; when the demo provider
// starts refusing the grant (its fault switch), the Overview and the connection page say so.
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { connectDemoProvider } from "../helpers/connect-demo";
import { createAdminAndLogIn } from "../helpers/first-admin";
import { saveScreenshot } from "../helpers/screenshot";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

const ADMIN = { name: "Rae RevOps", email: "rae@example.com", password: "canary-overview-admin-7c1e-long" };

let app: AuthpulseProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let db: pg.Client;
let connectionId: string;

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const connectDemo = () => connectDemoProvider(page, app.url);

async function createKey(name: string, provider: string, intervalDays: string, secret: string) {
  await page.goto(`${app.url}/credentials/new?method=api_key`);
  await page.locator("#cred-name").fill(name);
  await page.locator("#cred-provider").fill(provider);
  await page.locator("#cred-interval").fill(intervalDays);
  await page.locator("#ak-secret").fill(secret);
  await page.getByRole("button", { name: "Store credential" }).click();
  await page.waitForURL(/\/credentials\/[^/?]+\?created=1/);
}

async function screenshotsAt(path: string, name: string) {
  const state = await context.storageState();
  for (const variant of [{ suffix: "phone", viewport: { width: 375, height: 800 }, colorScheme: "light" as const }, { suffix: "dark", viewport: { width: 1280, height: 900 }, colorScheme: "dark" as const }]) {
    const other = await browser.newContext({ storageState: state, viewport: variant.viewport, colorScheme: variant.colorScheme });
    const p = await other.newPage();
    await p.goto(`${app.url}${path}`);
    await p.waitForLoadState("networkidle");
    if (variant.suffix === "phone") expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(380);
    if (variant.suffix === "phone" && path.startsWith("/overview")) {
      // Every count is on screen without scrolling sideways: a row per state, a column per kind.
      const rights = await p.getByTestId("state-counts-phone").locator("a").evaluateAll((links) => links.map((a) => a.getBoundingClientRect().right));
      expect(rights).toHaveLength(10);
      expect(Math.max(...rights)).toBeLessThanOrEqual(375);
    }
    await saveScreenshot(p, `${name}-${variant.suffix}`);
    await other.close();
  }
}

beforeAll(async () => {
  app = await startAuthpulse({ env: { DEMO_PROVIDER_ACCESS_TOKEN_TTL_SECONDS: "30", REFRESH_POLL_MS: "250" } });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await createAdminAndLogIn(page, app, ADMIN);
  db = new pg.Client({ connectionString: app.embeddedDatabaseUrl() });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await browser?.close();
  expect(await app?.stop("SIGINT")).toBe(0);
});

describe("Overview: what breaks this week?", () => {
  it("a new workspace says there is nothing to watch yet", async () => {
    await page.goto(`${app.url}/overview`);
    await page.getByText("Nothing to watch yet").waitFor();
  });

  it("with the demo provider connected and two keys created in the UI, names the one key due this week and how to fix it", async () => {
    connectionId = await connectDemo();
    await createKey("Clay enrichment key", "Clay", "5", "clay_canaryKEYa1b2c3d4e5f6g7h8i9");
    await createKey("Stripe billing sync", "Stripe", "60", ["sk", "live", "canaryKEYz9y8x7w6v5u4t3"].join("_"));
    await page.goto(`${app.url}/overview`);
    expect(await page.getByTestId("overview-answer").textContent()).toBe("1 integration breaks this week");
    const items = page.getByTestId("deadline-item");
    expect(await items.count()).toBe(1);
    expect(await items.first().textContent()).toContain("Clay enrichment key");
    const fix = items.first().getByRole("link", { name: /Rotate the key/ });
    expect(await fix.getAttribute("href")).toMatch(/^\/credentials\/[^/]+\/rotate$/);
    expect(await page.getByTestId("count-connections-healthy").textContent()).toBe("1");
    expect(await page.getByTestId("count-credentials-expiring").textContent()).toBe("1");
    expect(await page.getByTestId("count-credentials-healthy").textContent()).toBe("1");
    await page.getByTestId("count-credentials-expiring").click();
    await page.getByTestId("state-list").waitFor();
    expect(page.url()).toContain("state=expiring");
    expect(await page.getByTestId("state-list").textContent()).toContain("Clay enrichment key");
    await saveScreenshot(page, "overview-one-key-due");
    await screenshotsAt("/overview", "overview-one-key-due");
    // the page's content never carries a secret
    expect(await page.content()).not.toContain("canaryKEY");
  });
});

describe("Expiring timeline", () => {
  it("shows 7 days by default and widens to 30 and 90 days from the URL, grouped by provider", async () => {
    await page.goto(`${app.url}/expiring`);
    expect(await page.getByTestId("expiring-answer").textContent()).toBe("1 deadline in the next 7 days");
    await page.getByRole("link", { name: "30 days" }).click();
    await page.waitForURL(/days=30/);
    expect(await page.getByTestId("expiring-answer").textContent()).toBe("1 deadline in the next 30 days");
    await page.getByRole("link", { name: "90 days" }).click();
    await page.waitForURL(/days=90/);
    expect(await page.getByTestId("expiring-answer").textContent()).toBe("2 deadlines in the next 90 days");
    expect(await page.getByTestId("provider-group").allTextContents()).toEqual(["Clay", "Stripe"]);
    await saveScreenshot(page, "expiring-90-days");
    await screenshotsAt("/expiring?days=90", "expiring-90-days");
  });

  it("filters by provider and by kind, keeps the window, and exports CSV", async () => {
    await page.goto(`${app.url}/expiring?days=90`);
    await page.locator("#filter-provider").selectOption("Stripe");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/provider=Stripe/);
    expect(page.url()).toContain("days=90");
    expect(await page.getByTestId("deadline-item").count()).toBe(1);
    expect(await page.getByTestId("deadline-item").first().textContent()).toContain("Stripe billing sync");
    const csvHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), csvHref);
    expect(csv.split("\r\n")[0]).toContain("breaks_at");
    expect(csv).toContain("Stripe billing sync");
    expect(csv).not.toContain("Clay enrichment key");
    expect(csv).not.toContain("canaryKEY");
    await page.getByRole("link", { name: "Certificate expiry" }).click();
    await page.waitForURL(/kind=certificate/);
    await page.getByText("Nothing expires in the next 90 days").first().waitFor();
    await saveScreenshot(page, "expiring-empty");
  });
});

describe("when the demo provider refuses the grant", () => {
  it("the Overview names the connection as broken, with Reconnect as its fix", async () => {
    // The refresh history below needs one successful refresh before the outage (30 s tokens refresh within ~15 s).
    await waitFor("a first successful refresh", async () => Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM auth_events WHERE connection_id = $1 AND class IN ('success', 'recovered')", [connectionId])).rows[0]!.n), (n) => n >= 1);
    await page.goto(`${app.url}/connections/${connectionId}`);
    await page.getByRole("button", { name: "Revoke grants (invalid_grant)" }).click();
    await page.getByTestId("demo-fault-mode").getByText("Revoke grants").waitFor();
    await waitFor("needs_reauth", async () => (await db.query<{ health: string }>("SELECT health FROM connections WHERE id = $1", [connectionId])).rows[0]!.health, (h) => h === "needs_reauth");
    await page.goto(`${app.url}/overview`);
    expect(await page.getByTestId("overview-answer").textContent()).toMatch(/^2 integrations break this week/);
    const first = page.getByTestId("deadline-item").first();
    expect(await first.textContent()).toContain("Authpulse demo provider");
    expect(await first.getByRole("link", { name: /Reconnect/ }).getAttribute("href")).toBe(`/connections/${connectionId}#reconnect`);
    expect(await page.getByTestId("count-connections-needs_reauth").textContent()).toBe("1");
    // the refused refresh reached the error sparkline (auth_events → hourly rollup trigger → trend)
    expect(Number(await page.getByTestId("error-trend").getAttribute("data-total"))).toBeGreaterThanOrEqual(1);
    await page.getByTestId("error-trend").locator("svg path").first().waitFor();
    expect(await page.getByText(/\d+ auth errors? in the last 24 hours/).count()).toBe(1);
    await saveScreenshot(page, "overview-demo-provider-failing");
    await screenshotsAt("/overview", "overview-demo-provider-failing");
  });

  it("the connection page shows the refresh history, the forecast and saves the owner and workflows", async () => {
    await page.goto(`${app.url}/connections/${connectionId}`);
    const history = page.getByTestId("refresh-history");
    expect(Number(await history.getAttribute("data-succeeded"))).toBeGreaterThanOrEqual(1);
    expect(Number(await history.getAttribute("data-failed"))).toBeGreaterThanOrEqual(1);
    await history.locator("svg").first().waitFor();
    expect(await page.getByTestId("deadline-forecast").textContent()).toMatch(/reconnect/i);
    expect(await page.getByTestId("lifetimes").textContent()).toMatch(/observed/);
    await page.locator("#ownership-owner").selectOption({ label: ADMIN.name });
    await page.locator("#ownership-workflows").fill("lead-routing, enrichment");
    await page.getByRole("button", { name: "Save owner and workflows" }).click();
    await page.getByText("Saved: the owner and workflows").waitFor();
    await page.reload();
    expect(await page.getByTestId("connection-owner").textContent()).toBe(ADMIN.name);
    expect(await page.getByTestId("connection-workflows").textContent()).toBe("lead-routing, enrichment");
    const { rows } = await db.query("SELECT 1 FROM audit_logs WHERE target_id = $1 AND action = 'connection.ownership_changed'", [connectionId]);
    expect(rows).toHaveLength(1);
    await saveScreenshot(page, "connection-detail-history-forecast");
    await screenshotsAt(`/connections/${connectionId}`, "connection-detail-history-forecast");
  });
});
