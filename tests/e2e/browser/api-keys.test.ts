import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { createAdminAndLogIn } from "../helpers/first-admin";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

const ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "canary-apikeys-admin-7c2d-long" };
const SECRET = "sk_live_canaryAPIKEYSz9y8x7w6v5u4t3s2";

let app: AuthpulseProcess;
let browser: Browser;
let page: Page;
let credentialId: string;
let apiKey: string;
const bodies: string[] = [];

function readCredential(key: string, query = ""): Promise<Response> {
  return fetch(`${app.url}/api/v1/credentials/${credentialId}${query}`, { headers: { Authorization: `Bearer ${key}` } });
}

beforeAll(async () => {
  app = await startAuthpulse();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on("response", async (r) => {
    const type = r.headers()["content-type"] ?? "";
    if (type.includes("text/") || type.includes("json") || type.includes("x-component")) bodies.push(await r.text().catch(() => ""));
  });
  await createAdminAndLogIn(page, app, ADMIN);

  await page.goto(`${app.url}/credentials/new?method=api_key`);
  await page.locator("#cred-name").fill("Stripe billing sync");
  await page.locator("#cred-provider").fill("Stripe");
  await page.locator("#ak-secret").fill(SECRET);
  await page.locator("#ak-prefix").fill("sk_live_");
  await page.getByRole("button", { name: "Store credential" }).click();
  await page.waitForURL(/\/credentials\/[^/?]+\?created=1$/);
  credentialId = new URL(page.url()).pathname.split("/").pop()!;
});

afterAll(async () => {
  await browser?.close();
  expect(await app?.stop("SIGINT")).toBe(0);
});

describe("Settings → API keys in a real browser", () => {
  it("shows a designed empty state before any key exists", async () => {
    await page.goto(`${app.url}/settings/api-keys`);
    await page.getByText("No tool can read your credentials yet").waitFor();
  });

  it("creates a key scoped to one credential and shows the full key exactly once", async () => {
    await page.getByLabel("Name", { exact: true }).fill("n8n production");
    await page.getByLabel("Live").check();
    await page.locator(`input[name="credentialIds"][value="${credentialId}"]`).check();
    await page.getByRole("button", { name: "Create API key" }).click();
    await page.getByTestId("new-api-key").waitFor();
    apiKey = await page.getByTestId("new-api-key").inputValue();
    expect(apiKey).toMatch(/^ap_live_[A-Za-z0-9_-]{43}$/);
    expect(await page.getByTestId("one-time-key").textContent()).toContain("Copy it now: Authpulse stores only its hash");
    const curl = await page.getByTestId("curl-example").inputValue();
    expect(curl).toBe(`curl -H "Authorization: Bearer ${apiKey}" ${app.url.replace(/\/$/, "")}/api/v1/credentials/${credentialId}`);

    await page.reload();
    const row = page.getByTestId("api-key-row");
    await row.waitFor();
    const html = await page.content();
    expect(html).not.toContain(apiKey);
    const text = (await row.textContent()) ?? "";
    expect(text).toContain(`ap_live_…${apiKey.slice(-4)}`);
    expect(text).toContain("Stripe billing sync");
    expect(text).toContain("active");
    expect(text).toContain("never expires");
  });

  it("reads the credential with the key in the Authorization header", async () => {
    const response = await readCredential(apiKey);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { credential: { id: string }; header?: { name: string; value: string } };
    expect(body.credential.id).toBe(credentialId);
    expect(body.header?.value).toContain(SECRET);
  });

  it("refuses the key in a query string", async () => {
    const response = await fetch(`${app.url}/api/v1/credentials/${credentialId}?api_key=${encodeURIComponent(apiKey)}`);
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain(SECRET);
  });

  it("revokes the key after a confirmation; the same call then gets 401", async () => {
    await page.goto(`${app.url}/settings/api-keys`);
    expect((await page.getByTestId("api-key-row").textContent()) ?? "").not.toContain("last used never");
    await page.getByRole("button", { name: "Revoke n8n production" }).click();
    await page.getByRole("button", { name: "Yes, revoke" }).click();
    await page.locator('[data-testid="api-key-row"][data-state="revoked"]').waitFor();
    await page.reload();
    expect((await page.getByTestId("api-key-row").textContent()) ?? "").toContain("revoked");
    const response = await readCredential(apiKey);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(SECRET);
  });

  it("never sends the credential's secret to the browser", () => {
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) expect(body).not.toContain(SECRET);
  });
});
