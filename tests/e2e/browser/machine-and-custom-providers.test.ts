import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { createAdminAndLogIn } from "../helpers/first-admin";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

const ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "canary-machine-admin-3b7d-long" };

let app: AuthpulseProcess;
let browser: Browser;
let page: Page;
let demoUrl: string;
let demoSecret: string;
const pagesSeen: string[] = [];

beforeAll(async () => {
  app = await startAuthpulse();
  demoUrl = app.output().match(/Demo OAuth provider: (http:\/\/127\.0\.0\.1:\d+)/)![1]!;
  demoSecret = (JSON.parse(readFileSync(join(app.dataDir, "secrets.json"), "utf8")) as { demoClientSecret: string }).demoClientSecret;
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on("response", async (r) => {
    if ((r.headers()["content-type"] ?? "").includes("text/")) pagesSeen.push(await r.text().catch(() => ""));
  });
  await createAdminAndLogIn(page, app, ADMIN);
});

afterAll(async () => {
  await browser?.close();
  expect(await app?.stop("SIGINT")).toBe(0);
});

describe("connections without a consent screen, and providers that are not listed", () => {
  it("connects with client credentials and never shows the secret again", async () => {
    await page.goto(`${app.url}/connections/new`);
    await page.getByTestId("connect-machine").click();
    await page.waitForURL(/\/connections\/new\/machine/);
    await page.locator("#cc-provider").selectOption({ label: "Authpulse demo provider (local)" });
    await page.locator("#client-credentials").getByLabel("Connection name").fill("Nightly CRM sync");
    await page.locator("#cc-client-id").fill("authpulse-demo");
    await page.locator("#cc-client-secret").fill(demoSecret);
    await page.locator("#cc-scopes").fill("crm.read");
    await page.locator("#client-credentials").getByRole("button", { name: "Get a token and connect" }).click();
    await page.waitForURL(/\/connections\/[^/?]+\?connected=1$/);
    expect(await page.getByTestId("access-expiry").textContent()).toMatch(/expires in/);
    await page.getByRole("button", { name: /Renew now/ }).click();
    await page.getByText(/renewed|Renewed/).first().waitFor();
    await page.goto(`${app.url}/connections`);
    expect(await page.getByTestId("connections-table").textContent()).toContain("Authpulse demo provider (local)");
  });

  it("adds a provider from its discovery URL, which then appears in the Connect list", async () => {
    await page.goto(`${app.url}/connections/new/custom`);
    await page.getByLabel("Issuer or discovery URL").fill(`${demoUrl}/.well-known/openid-configuration`);
    await page.getByRole("button", { name: "Discover and add" }).click();
    await page.waitForURL(/\/connections\/new\/(?!custom)[a-z0-9-]+$/);
    const key = new URL(page.url()).pathname.split("/").pop()!;
    await page.goto(`${app.url}/connections/new`);
    expect(await page.locator(`a[href="/connections/new/${key}"]`).count()).toBe(1);
  });

  it("refuses a discovery URL that is plain http on a public host, with the reason next to the field", async () => {
    await page.goto(`${app.url}/connections/new/custom`);
    await page.getByLabel("Issuer or discovery URL").fill("http://auth.example.com");
    await page.getByRole("button", { name: "Discover and add" }).click();
    await page.getByText(/https/).first().waitFor();
    expect(new URL(page.url()).pathname).toBe("/connections/new/custom");
  });

  it("never put the client secret or the password in a page", () => {
    expect(pagesSeen.length).toBeGreaterThan(5);
    for (const body of pagesSeen) {
      expect(body).not.toContain(demoSecret);
      expect(body).not.toContain(ADMIN.password);
    }
  });
});
