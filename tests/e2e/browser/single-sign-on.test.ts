import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { createFirstAdmin } from "../helpers/first-admin";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

// The demo provider plays the company IdP: its account "ada" has the verified email below.
const ADMIN = { name: "Ada Admin", email: "ada@demo.authpulse.local", password: "canary-sso-admin-5d1e0b-long-enough" };

let app: AuthpulseProcess;
let browser: Browser;

async function signInWithSso(page: Page, login: string) {
  await page.goto(`${app.url}/login`);
  await page.getByRole("button", { name: "Continue with Demo SSO" }).click();
  await page.locator('input[name="login"]').waitFor();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password works at the demo IdP");
  await page.locator('button[type="submit"]').click();
  // The demo IdP asks for consent on first use; approve it.
  await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: "attached" });
  await page.getByRole("button", { name: "Continue" }).click();
}

beforeAll(async () => {
  app = await startAuthpulse({ env: { AUTH_OIDC_ISSUER: "demo" } });
  browser = await launchBrowser();
  const setup = await browser.newPage();
  await createFirstAdmin(setup, app, ADMIN);
  await setup.close();
});

afterAll(async () => {
  await browser?.close();
  expect(await app?.stop("SIGINT")).toBe(0);
});

describe("single sign-on through an OIDC provider", () => {
  it("signs in an existing user whose verified email matches", async () => {
    const page = await (await browser.newContext()).newPage();
    await signInWithSso(page, "ada");
    await page.waitForURL(/\/overview$/, { timeout: 20_000 }).catch((e) => { console.log("URL", page.url(), app.output().slice(-3000)); throw e; });
    expect(await page.getByTestId("current-user").textContent()).toBe(ADMIN.name);
  });

  it("refuses a person who was never invited, and creates no account", async () => {
    const page = await (await browser.newContext()).newPage();
    await signInWithSso(page, "mallory");
    await page.waitForURL(/\/login\?error=SsoNotInvited/, { timeout: 20_000 });
    await page.getByText("not a member of Authpulse").waitFor();
    await page.goto(`${app.url}/overview`);
    await page.waitForURL(/\/login/);
  });
});
