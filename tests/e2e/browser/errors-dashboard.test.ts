// Issue 7, screen 5 as a RevOps user meets it: the demo provider starts failing (its fault switch on
// the connection page), and the Errors screen says so first, highlights the integration, drills down
// to the events with HTTP status and OAuth error codes, switches range in the URL and exports CSV.
import { readFile } from "node:fs/promises";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { connectDemoProvider } from "../helpers/connect-demo";
import { createAdminAndLogIn } from "../helpers/first-admin";
import { saveScreenshot } from "../helpers/screenshot";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

const ADMIN = { name: "Rae RevOps", email: "rae@example.com", password: "canary-errors-admin-7c1f-long" };

let app: AuthpulseProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let db: pg.Client;
let connectionId: string;

async function eventClasses(): Promise<string[]> {
  const { rows } = await db.query<{ class: string }>("SELECT class::text AS class FROM auth_events WHERE connection_id = $1 ORDER BY id", [connectionId]);
  return rows.map((r) => r.class);
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

async function setFault(label: string, confirmation: string | RegExp) {
  await page.goto(`${app.url}/connections/${connectionId}`);
  await page.getByRole("button", { name: label }).click();
  await page.getByText(confirmation).first().waitFor();
}

beforeAll(async () => {
  app = await startAuthpulse({ env: { DEMO_PROVIDER_ACCESS_TOKEN_TTL_SECONDS: "30", REFRESH_POLL_MS: "250" } });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
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

describe("the Errors screen shows a failing provider", () => {
  it("before anything fails, it says there were no auth errors in the last 24 h", async () => {
    connectionId = await connectDemoProvider(page, app.url);

    await page.goto(`${app.url}/errors`);
    await page.getByText("No auth errors in the last 24 h.").waitFor();
    await page.getByText("No integration had an auth error in this range.").waitFor();
  });

  it("a rate limit and then a revoked grant: the headline counts them and the integration is highlighted", async () => {
    await setFault("Rate limit (429)", "Rate limit (429)");
    await waitFor("a rate-limited refresh", eventClasses, (c) => c.includes("rate_limited"));
    await setFault("Revoke grants (invalid_grant)", "Revoke grants (invalid_grant)");
    await waitFor("needs reconnect", eventClasses, (c) => c.includes("needs_reauth"));
    const errors = (await eventClasses()).filter((c) => c !== "success" && c !== "recovered").length;

    await page.goto(`${app.url}/errors`);
    const headline = page.getByTestId("errors-headline");
    await headline.getByText(/auth errors? in the last 24 h across 1 integration/).waitFor();
    expect(await headline.textContent()).toContain(`${errors} auth error`);
    expect(await headline.textContent()).toContain("1 integration started failing within the last hour");
    const row = page.getByTestId("errors-by-integration").locator("tbody tr");
    expect(await row.count()).toBe(1);
    expect(await row.first().getAttribute("data-erroring")).toBe("true");
    expect(await row.first().textContent()).toContain("Erroring in the last 24 h");
    expect(await row.first().locator("td").nth(1).textContent()).toBe(String(errors));
    await page.locator("figure .recharts-bar-rectangle").first().waitFor();
    await saveScreenshot(page, "errors-desktop");
  });

  it("drill-down shows each event's HTTP status, OAuth error code and rate-limit quota, and filters by class", async () => {
    await page.getByRole("link", { name: /Show the events of/ }).click();
    await page.waitForURL(new RegExp(`connection=${connectionId}`));
    const events = page.getByTestId("error-events");
    await events.waitFor();
    const text = (await events.textContent()) ?? "";
    expect(text).toContain("invalid_grant");
    expect(text).toContain("400");
    expect(text).toContain("429");
    expect(text).toContain("0 / 100");
    await page.getByRole("navigation", { name: "Filter events by class" }).getByRole("link", { name: /Needs reconnect/ }).click();
    await page.waitForURL(/class=needs_reauth/);
    await page.waitForFunction(() => {
      const text = document.querySelector('[data-testid="error-events"]')?.textContent;
      return Boolean(text?.includes("invalid_grant")) && !text?.includes("429");
    });
    expect(await page.getByTestId("error-events").locator("tbody tr").count()).toBe(1);
    await saveScreenshot(page, "errors-drill-down");
  });

  it("the range switch lives in the URL: 7 days in 6-hour bars, then hourly", async () => {
    await page.getByRole("link", { name: "Last 7 days" }).click();
    await page.waitForURL(/range=7d/);
    await page.getByText("last 7 days, per 6 hours").waitFor();
    await page.getByRole("link", { name: "Hourly", exact: true }).click();
    await page.waitForURL(/bucket=1h/);
    await page.getByText("last 7 days, per hour").waitFor();
    expect(await page.getByTestId("errors-by-integration").locator("tbody tr").count()).toBe(1);
    await page.getByRole("link", { name: "Last 24 h" }).click();
    await page.waitForURL((url) => url.searchParams.get("range") === "24h");
  });

  it("exports the by-integration table and the events as CSV", async () => {
    await page.goto(`${app.url}/errors?range=24h&connection=${connectionId}`);
    await page.getByTestId("error-events").waitFor();
    const [tableDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV", exact: true }).first().click()]);
    const tableCsv = await readFile((await tableDownload.path())!, "utf8");
    expect(tableDownload.suggestedFilename()).toMatch(/^authpulse-auth-errors-by-integration-24h-.*\.csv$/);
    expect(tableCsv.split("\r\n")[0]).toContain("connection_id,integration,provider");
    expect(tableCsv).toContain(connectionId);
    const [eventsDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Export CSV \(up to 5,000\)/ }).click()]);
    const eventsCsv = await readFile((await eventsDownload.path())!, "utf8");
    expect(eventsCsv).toContain("invalid_grant");
    expect(eventsCsv).toContain("rate_limited");
  });

  it("works on a phone and in dark mode", async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 800 });
    await phone.goto(`${app.url}/errors?range=24h&connection=${connectionId}`);
    await phone.getByTestId("error-events").waitFor();
    await saveScreenshot(phone, "errors-phone");
    // The page itself never scrolls sideways (the tables scroll inside their own boxes).
    const wide = await phone.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      offenders: [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest(".overflow-x-auto"))
        .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`)
        .slice(0, 5),
    }));
    expect(wide).toEqual({ scrollWidth: 375, offenders: [] });
    await phone.close();
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`${app.url}/errors?range=7d`);
    await page.locator("figure .recharts-bar-rectangle").first().waitFor();
    await saveScreenshot(page, "errors-dark");
    await page.emulateMedia({ colorScheme: "light" });
  });
});
