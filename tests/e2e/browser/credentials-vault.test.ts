import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { createAdminAndLogIn } from "../helpers/first-admin";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

const ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "canary-vault-admin-4e8a-long" };
const FIRST_KEY = "sk_live_canaryFIRSTx9a7b6c5d4e3f2g1h0";
const SECOND_KEY = "sk_live_canarySECONDq1w2e3r4t5y6u7i8";

let app: AuthpulseProcess;
let browser: Browser;
let page: Page;
let credentialUrl: string;
const bodies: string[] = [];

beforeAll(async () => {
  app = await startAuthpulse();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on("response", async (r) => {
    const type = r.headers()["content-type"] ?? "";
    if (type.includes("text/") || type.includes("json") || type.includes("x-component")) bodies.push(await r.text().catch(() => ""));
  });
  await createAdminAndLogIn(page, app, ADMIN);
});

afterAll(async () => {
  await browser?.close();
  expect(await app?.stop("SIGINT")).toBe(0);
});

describe("the credential vault in a real browser", () => {
  it("stores an API key and lists it with its prefix and last four only", async () => {
    await page.goto(`${app.url}/credentials/new?method=api_key`);
    await page.locator("#cred-name").fill("Stripe billing sync");
    await page.locator("#cred-provider").fill("Stripe");
    await page.locator("#ak-secret").fill(FIRST_KEY);
    await page.locator("#ak-prefix").fill("sk_live_");
    await page.getByRole("button", { name: "Store credential" }).click();
    await page.waitForURL(/\/credentials\/[^/?]+\?created=1$/);
    credentialUrl = page.url().split("?")[0]!;
    await page.goto(`${app.url}/credentials`);
    const table = (await page.locator("table").first().textContent()) ?? "";
    expect(table).toContain("Stripe billing sync");
    expect(table).toContain(FIRST_KEY.slice(-4));
    expect(table).not.toContain(FIRST_KEY);
  });

  it("refuses a key that does not carry the expected prefix, and stores nothing", async () => {
    await page.goto(`${app.url}/credentials/new?method=api_key`);
    await page.locator("#cred-name").fill("Wrong key");
    await page.locator("#cred-provider").fill("Stripe");
    await page.locator("#ak-secret").fill("rk_test_canaryWRONGa1b2c3d4e5f6g7h8");
    await page.locator("#ak-prefix").fill("sk_live_");
    await page.getByRole("button", { name: "Store credential" }).click();
    await page.getByText(/sk_live_/).first().waitFor();
    expect(new URL(page.url()).pathname).toBe("/credentials/new");
  });

  it("rotates with a 24-hour overlap and shows both versions with their state", async () => {
    await page.goto(`${credentialUrl}/rotate`);
    await page.locator('input[type="password"]').first().fill(SECOND_KEY);
    await page.getByRole("button", { name: "Rotate now" }).click();
    await page.waitForURL(/\?rotated=1$/);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toMatch(/overlap/i);
    expect(text).toMatch(/active/i);
    expect(text).toContain(SECOND_KEY.slice(-4));
  });

  it("never sends a stored secret to the browser, and never stores one in clear", async () => {
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) {
      expect(body).not.toContain(FIRST_KEY);
      expect(body).not.toContain(SECOND_KEY);
    }
    const client = new pg.Client({ connectionString: app.embeddedDatabaseUrl() });
    await client.connect();
    try {
      const { rows } = await client.query<{ dump: string }>("SELECT string_agg(t::text, ' ') AS dump FROM (SELECT * FROM credential_versions) t");
      const { rows: audit } = await client.query<{ dump: string }>("SELECT string_agg(t::text, ' ') AS dump FROM audit_logs t");
      for (const dump of [rows[0]?.dump ?? "", audit[0]?.dump ?? ""]) {
        expect(dump).not.toContain(FIRST_KEY);
        expect(dump).not.toContain(SECOND_KEY);
      }
      expect(rows[0]?.dump).toContain("v1:k1:");
    } finally {
      await client.end();
    }
  });
});
