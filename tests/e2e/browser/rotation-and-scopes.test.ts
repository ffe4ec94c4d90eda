import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { createAdminAndLogIn } from "../helpers/first-admin";
import { saveScreenshot } from "../helpers/screenshot";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

// Rotation age and scope audit as a RevOps admin meets them: keys imported with their real last
// rotation date through the form, the demo provider connected with one scope too many.

const ADMIN = { name: "Rita RevOps", email: "rita@example.com", password: "canary-rotscope-admin-5d1f-long" };
const OLD_KEY = "pat-na1-canaryOLDKEY0a1b2c3d4e5f6a7b8";
const DAY = 24 * 60 * 60 * 1000;

let app: AuthpulseProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** The local calendar day `days` ago, as a date input takes it. */
function dayAgo(days: number): string {
  const d = new Date(Date.now() - days * DAY);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

async function addCredential(input: { method: "api_key" | "bearer" | "track_only"; name: string; provider: string; secret?: string; workflows: string; lastRotatedOn?: string; sensitive?: boolean; owned?: boolean }) {
  await page.goto(`${app.url}/credentials/new?method=${input.method}`);
  await page.locator("#cred-name").fill(input.name);
  await page.locator("#cred-provider").fill(input.provider);
  if (input.method === "api_key") await page.locator("#ak-secret").fill(input.secret!);
  if (input.method === "bearer") await page.locator("#be-token").fill(input.secret!);
  await page.locator("#cred-workflows").fill(input.workflows);
  if (input.owned) await page.locator("#cred-owner").selectOption({ index: 1 });
  if (input.sensitive) await page.locator('input[name="sensitive"]').check();
  if (input.lastRotatedOn) await page.locator("#cred-last-rotated").fill(input.lastRotatedOn);
  if (input.method === "api_key" && input.lastRotatedOn) await saveScreenshot(page, "credential-form-last-rotated");
  await page.getByRole("button", { name: input.method === "track_only" ? "Start tracking" : "Store credential" }).click();
  await page.waitForURL(/\/credentials\/[^/?]+\?created=1$/);
}

/** Screenshots of the current URL at desktop, on a phone and in dark mode (same session). */
async function screenshots(name: string) {
  await saveScreenshot(page, `${name}-desktop`);
  const state = await context.storageState();
  for (const [suffix, options] of [["phone", { viewport: { width: 375, height: 812 }, isMobile: true }], ["dark", { viewport: { width: 1280, height: 900 }, colorScheme: "dark" as const }]] as const) {
    const other = await browser.newContext({ ...options, storageState: state });
    const otherPage = await other.newPage();
    await otherPage.goto(page.url());
    await otherPage.getByTestId(name === "rotation" ? "rotation-headline" : "scopes-headline").waitFor();
    if (name === "rotation") await otherPage.locator("[data-testid=rotation-histogram] svg.recharts-surface").first().waitFor();
    await saveScreenshot(otherPage, `${name}-${suffix}`);
    // The screen's own content fits the phone (the shell's nav is not this screen's; tables scroll in their own box).
    const overflowing = await otherPage.evaluate(() => [...document.querySelectorAll("#main *")].filter((e) => !e.closest(".overflow-x-auto") && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => `${e.tagName} ${(e.textContent ?? "").slice(0, 40)}`));
    expect(overflowing, `${name} ${suffix} content wider than the screen`).toEqual([]);
    await other.close();
  }
}

/** Gzip bytes of the scripts the page's HTML loads up front (the lazily loaded chart is not among them). */
async function firstLoadJsGzip(path: string): Promise<{ total: number; hasRecharts: boolean }> {
  const html = await (await page.request.get(`${app.url}${path}`)).text();
  const sources = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!))];
  let total = 0;
  let hasRecharts = false;
  for (const src of sources) {
    const body = await (await page.request.get(new URL(src, app.url).toString())).body();
    total += gzipSync(body).length;
    if (body.includes("recharts-surface")) hasRecharts = true;
  }
  return { total, hasRecharts };
}

async function approveAtDemoProvider(login: string) {
  const loginField = page.locator('input[name="login"]');
  const consent = page.locator('input[name="prompt"][value="consent"]');
  await Promise.race([loginField.waitFor(), consent.waitFor({ state: "attached" })]);
  if (await loginField.count()) {
    await loginField.fill(login);
    await page.locator('input[name="password"]').fill("any password");
    await page.locator('button[type="submit"]').click();
    await consent.waitFor({ state: "attached" });
  }
  await page.getByRole("button", { name: "Continue" }).click();
}

beforeAll(async () => {
  app = await startAuthpulse();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await createAdminAndLogIn(page, app, ADMIN);
});

afterAll(async () => {
  await browser?.close();
  expect(await app?.stop("SIGINT")).toBe(0);
});

describe("rotation age", () => {
  it("starts with an empty state that says what to do", async () => {
    await page.goto(`${app.url}/rotation`);
    await page.getByText("No keys or secrets to age").waitFor();
    await page.getByRole("link", { name: "Add a credential" }).waitFor();
  });

  it("ages keys imported with their last rotation date, and lists the overdue ones oldest first", async () => {
    await addCredential({ method: "api_key", name: "HubSpot private app", provider: "HubSpot", secret: OLD_KEY, workflows: "Lead routing", lastRotatedOn: dayAgo(200), owned: true });
    await addCredential({ method: "bearer", name: "Stripe billing", provider: "Stripe", secret: "canary-stripe-bearer-77c1e0a9b8", workflows: "Billing", lastRotatedOn: dayAgo(45), sensitive: true });
    await addCredential({ method: "api_key", name: "Clay enrichment", provider: "Clay", secret: "clay_canaryFRESH1234567890abcdef", workflows: "Enrichment" });
    await addCredential({ method: "track_only", name: "Apollo in 1Password", provider: "Apollo", workflows: "Alpha sequences", lastRotatedOn: dayAgo(60) });
    await page.goto(`${app.url}/rotation`);
    const headline = (await page.getByTestId("rotation-headline").textContent()) ?? "";
    expect(headline).toMatch(/2 keys are overdue for rotation; the oldest is 200 days\./);
    expect(headline).toContain("1 of them is sensitive");
    await page.locator("[data-testid=rotation-histogram] svg.recharts-surface").first().waitFor();
    const buckets = await page.locator("[data-testid=histogram-buckets] li").allTextContents();
    expect(buckets).toEqual(["0–30 d1", "31–60 d2(1 overdue)", "61–90 d0", "91–180 d0", "181–365 d1(1 overdue)", "> 365 d0"]);
    expect(await page.locator("[data-testid=overdue-row]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-name")))).toEqual(["HubSpot private app", "Stripe billing"]);
    expect(await page.content()).not.toContain(OLD_KEY.slice(8, -4));
    // the imported key's day, as typed, in the reader's zone
    expect(await page.locator("[data-testid=overdue-row][data-name='HubSpot private app'] time").first().textContent()).toBe(dayAgo(200));
    await screenshots("rotation");
    const js = await firstLoadJsGzip("/rotation");
    console.log(`first-load JS of /rotation: ${(js.total / 1024).toFixed(1)} KB gzip`);
    expect(js.hasRecharts).toBe(false);
    expect(js.total).toBeLessThan(300 * 1024);
  });

  it("sorts the overdue list by workflow and owner, with the order in the URL", async () => {
    await page.getByTestId("sort-workflow").click();
    await page.waitForURL(/sort=workflow&dir=asc/);
    expect(await page.locator("[data-testid=overdue-row]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-name")))).toEqual(["Stripe billing", "HubSpot private app"]);
    await page.getByTestId("sort-owner").click();
    await page.waitForURL(/sort=owner&dir=asc/);
    // the owned key first; the one without an owner last
    expect(await page.locator("[data-testid=overdue-row]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-name")))).toEqual(["HubSpot private app", "Stripe billing"]);
    expect(await page.locator("th[aria-sort=ascending]").textContent()).toContain("Owner");
  });

  it("narrows with the filters, exports CSV, and links each overdue key to its rotation", async () => {
    await page.locator("#filter-workflow").selectOption("Billing");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/workflow=Billing/);
    expect(await page.getByTestId("rotation-headline").textContent()).toContain("1 key is overdue for rotation; the oldest is 45 days.");
    const csvHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    const csv = await page.request.get(`${app.url}${csvHref}`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("credential,method,provider,environment,owner,workflows,sensitive,last_rotated_at,age_days,policy_days,overdue_by_days");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["Stripe billing"]);
    await page.getByRole("link", { name: "Rotate Stripe billing" }).click();
    await page.waitForURL(/\/credentials\/[^/]+\/rotate$/);
  });
});

describe("scope audit", () => {
  let connectionUrl: string;

  it("flags the demo provider connected with a write scope as over-privileged", async () => {
    await page.goto(`${app.url}/connections/new/authpulse-demo`);
    await page.locator('input[name="extraScopes"]').fill("crm.write");
    await page.getByRole("button", { name: /^Connect with / }).click();
    await approveAtDemoProvider("rita");
    await page.waitForURL(/\/connections\/[^/?]+\?connected=1$/);
    connectionUrl = page.url().split("?")[0]!;
    await page.goto(`${app.url}/scopes`);
    expect(await page.getByTestId("scopes-headline").textContent()).toContain("1 connection is over-privileged.");
    const item = page.locator("[data-testid=scope-item]").first();
    expect(await item.getAttribute("data-status")).toBe("over_privileged");
    expect(await item.getByTestId("scope-extra").textContent()).toBe("crm.write");
    await screenshots("scopes");
    console.log(`first-load JS of /scopes: ${((await firstLoadJsGzip("/scopes")).total / 1024).toFixed(1)} KB gzip`);
  });

  it("reconnects with the suggested scopes preselected, and the flag clears", async () => {
    await page.getByTestId("reconnect-with-scopes").click();
    await page.waitForURL(/\?scopes=.*#reconnect$/);
    expect(page.url().split("?")[0]).toBe(connectionUrl);
    const checked = await page.locator('#reconnect input[name="scopes"]').evaluateAll((boxes) => (boxes as HTMLInputElement[]).filter((b) => b.checked).map((b) => b.value).sort());
    expect(checked).toEqual(["contacts.read", "crm.read", "email", "offline_access", "openid", "profile"]);
    expect(await page.locator('#reconnect input[name="scopes"][value="crm.write"]').isChecked()).toBe(false);
    await page.locator("#reconnect").getByRole("button", { name: /^Reconnect with / }).click();
    await approveAtDemoProvider("rita");
    await page.waitForURL(/\?reconnected=1$/);
    await page.goto(`${app.url}/scopes`);
    expect(await page.getByTestId("scopes-headline").textContent()).toContain("All 1 connection has the access they need and no more.");
  });
});
