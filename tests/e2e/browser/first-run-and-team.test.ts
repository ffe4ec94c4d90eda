import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

const ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "canary-pw-7f3a9c1e-correct-horse" };
const VIEWER = { name: "Vic Viewer", email: "vic@example.com", password: "canary-pw-viewer-b81d44-battery" };

let app: AuthpulseProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];
const htmlSeen: string[] = [];

async function newPage(options: { colorScheme?: "light" | "dark" } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? "light" });
  contexts.push(context);
  const page = await context.newPage();
  page.on("response", async (response) => {
    if ((response.headers()["content-type"] ?? "").includes("text/")) htmlSeen.push(await response.text().catch(() => ""));
  });
  return page;
}

async function logIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${app.url}/login`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
}

beforeAll(async () => {
  app = await startAuthpulse();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  const code = await app?.stop("SIGINT");
  expect(code).toBe(0);
});

describe("first run, team and roles in a real browser", () => {
  let adminPage: Page;
  let inviteLink: string;

  it("creates the first admin through the link printed in the console", async () => {
    const link = app.setupLink();
    expect(link).toMatch(/\/setup\?token=/);
    adminPage = await newPage();
    await adminPage.goto(link!);
    await expect(adminPage.getByRole("heading", { name: "Create the admin account" }).isVisible()).resolves.toBe(true);
    await adminPage.getByLabel("Your name").fill(ADMIN.name);
    await adminPage.getByLabel("Work email").fill(ADMIN.email);
    await adminPage.getByLabel("Password").fill("short");
    await adminPage.getByRole("button", { name: "Create admin account" }).click();
    await adminPage.getByText("Use at least 12 characters.").waitFor();
    await adminPage.getByLabel("Password").fill(ADMIN.password);
    await adminPage.getByRole("button", { name: "Create admin account" }).click();
    await adminPage.waitForURL(/\/login\?setup=done/);
    await adminPage.getByText("Admin account created").waitFor();
  });

  it("refuses the set-up link a second time with a clear message", async () => {
    const page = await newPage();
    await page.goto(app.setupLink()!);
    await page.getByText("This set-up link was already used").waitFor();
    expect(await page.getByLabel("Work email").count()).toBe(0);
  });

  it("says the password is wrong without saying which part", async () => {
    const page = await newPage();
    await logIn(page, { email: ADMIN.email, password: "not the password at all" });
    await page.getByText("Email or password is incorrect.").waitFor();
    expect(page.url()).toContain("/login");
    await logIn(page, { email: "nobody@example.com", password: "whatever-123456" });
    await page.getByText("Email or password is incorrect.").waitFor();
  });

  it("logs the admin in and shows the dashboard shell with every section", async () => {
    await logIn(adminPage, ADMIN);
    await adminPage.waitForURL(/\/overview$/);
    await adminPage.getByRole("heading", { name: "What breaks this week?" }).waitFor();
    expect(await adminPage.getByTestId("current-user").textContent()).toBe(ADMIN.name);
    const nav = adminPage.getByRole("navigation", { name: "Main" });
    for (const label of ["Overview", "Connections", "Credentials", "Scopes", "Errors", "Checklist", "Settings", "Status"]) {
      expect(await nav.getByRole("link", { name: label }).count()).toBe(1);
    }
    await nav.getByRole("link", { name: "Connections" }).click();
    await adminPage.getByRole("heading", { name: "No connections yet" }).waitFor();
  });

  it("shows a live worker heartbeat on the Status page that keeps moving", async () => {
    await adminPage.goto(`${app.url}/status`);
    const row = adminPage.getByTestId("worker-row").first();
    await row.waitFor();
    expect(await row.getAttribute("data-state")).toBe("live");
    await adminPage.getByText("All systems running").waitFor();
    const queueTable = await adminPage.getByTestId("queue-table").textContent();
    expect(queueTable).toContain("maintenance.purge-expired");
    const before = await adminPage.getByTestId("worker-heartbeat").first().locator("time").getAttribute("datetime");
    await adminPage.waitForFunction(
      (previous) => document.querySelector('[data-testid="worker-heartbeat"] time')?.getAttribute("datetime") !== previous,
      before,
      { timeout: 15_000 },
    );
  });

  it("lets the admin invite a viewer with a one-time link", async () => {
    await adminPage.goto(`${app.url}/settings/members`);
    await adminPage.getByLabel("Email").fill(VIEWER.email);
    await adminPage.getByRole("button", { name: "Create invite" }).click();
    inviteLink = await adminPage.getByTestId("invite-link").inputValue();
    expect(inviteLink).toMatch(/\/invite\?token=[\w-]{20,}/);
    await adminPage.getByTestId("invite-row").filter({ hasText: VIEWER.email }).waitFor();
  });

  it("accepts the invite, and the viewer logs in", async () => {
    const page = await newPage();
    await page.goto(inviteLink);
    await page.getByRole("heading", { name: /Join / }).waitFor();
    await page.getByLabel("Your name").fill(VIEWER.name);
    await page.getByLabel("Choose a password").fill(VIEWER.password);
    await page.getByRole("button", { name: "Create account and join" }).click();
    await page.waitForURL(/\/login\?joined=1/);
    await logIn(page, VIEWER);
    await page.waitForURL(/\/overview$/);
    expect(await page.getByTestId("current-role").textContent()).toBe("viewer");
    // a viewer sees no admin steps on empty states
    await page.getByText("Ask an admin of this workspace to connect the first provider.").waitFor();

    const again = await newPage();
    await again.goto(inviteLink);
    await again.getByText("This invite was already accepted").waitFor();
  });

  it("refuses a viewer the admin pages on the server", async () => {
    const page = await newPage();
    await logIn(page, VIEWER);
    await page.waitForURL(/\/overview$/);
    const response = await page.goto(`${app.url}/settings/members`);
    expect(response?.status()).toBe(403);
    await page.getByRole("heading", { name: "Admins only" }).waitFor();
    expect(await page.getByLabel("Email").count()).toBe(0);
    await page.goto(`${app.url}/settings`);
    expect(await page.getByRole("button", { name: "Rename" }).count()).toBe(0);
  });

  it("lists the new member for the admin", async () => {
    await adminPage.goto(`${app.url}/settings/members`);
    await adminPage.locator(`[data-testid="member-row"][data-email="${VIEWER.email}"]`).waitFor();
    expect(await adminPage.getByTestId("invite-row").count()).toBe(0);
  });

  it("follows the system's dark mode", async () => {
    const dark = await newPage({ colorScheme: "dark" });
    await dark.goto(`${app.url}/login`);
    // Paint the body's computed background on a canvas to read it as sRGB, whatever colour
    // syntax (oklch, lab, rgb) this Chromium reports.
    const bodyLightness = (page: Page) =>
      page.evaluate(() => {
        const canvas = document.createElement("canvas");
        canvas.width = canvas.height = 1;
        const g = canvas.getContext("2d")!;
        g.fillStyle = getComputedStyle(document.body).backgroundColor;
        g.fillRect(0, 0, 1, 1);
        const [r, gr, b] = g.getImageData(0, 0, 1, 1).data;
        return ((r ?? 0) + (gr ?? 0) + (b ?? 0)) / 765;
      });
    const light = await newPage({ colorScheme: "light" });
    await light.goto(`${app.url}/login`);
    expect(await bodyLightness(dark)).toBeLessThan(0.15);
    expect(await bodyLightness(light)).toBeGreaterThan(0.9);
  });

  it("never sends a user to another site after login", async () => {
    const page = await newPage();
    await page.goto(`${app.url}/login?callbackUrl=${encodeURIComponent("https://evil.example/steal")}`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(/\/overview$/);
    expect(new URL(page.url()).host).toBe(new URL(app.url).host);
  });

  it("logs out, and the dashboard then asks to log in again", async () => {
    await adminPage.goto(`${app.url}/overview`);
    await adminPage.getByRole("button", { name: "Log out" }).first().click();
    await adminPage.waitForURL(/\/login\?signedOut=1/);
    await adminPage.goto(`${app.url}/status`);
    await adminPage.waitForURL(/\/login\?callbackUrl=%2Fstatus/);
  });

  it("serves pages with a nonce-based CSP and never puts a password in a page", async () => {
    const response = await fetch(`${app.url}/login`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(htmlSeen.length).toBeGreaterThan(5);
    for (const body of htmlSeen) {
      expect(body).not.toContain(ADMIN.password);
      expect(body).not.toContain(VIEWER.password);
    }
    expect(app.output()).not.toContain(ADMIN.password);
  });

  it("stores no password, token or invite link in clear in any table", async () => {
    const client = new pg.Client({ connectionString: app.embeddedDatabaseUrl() });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ schema: string; name: string }>(
        "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE'",
      );
      expect(tables.length).toBeGreaterThan(8);
      const inviteToken = new URL(inviteLink).searchParams.get("token")!;
      const setupToken = new URL(app.setupLink()!).searchParams.get("token")!;
      for (const table of tables) {
        const { rows } = await client.query<{ dump: string | null }>(`SELECT string_agg(t::text, ' ') AS dump FROM "${table.schema}"."${table.name}" t`);
        const dump = rows[0]?.dump ?? "";
        for (const canary of [ADMIN.password, VIEWER.password, inviteToken, setupToken]) {
          expect(dump, `${table.schema}.${table.name}`).not.toContain(canary);
        }
      }
    } finally {
      await client.end();
    }
  });
});
