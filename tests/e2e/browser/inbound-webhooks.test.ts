import { createHmac } from "node:crypto";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { createAdminAndLogIn } from "../helpers/first-admin";
import { saveScreenshot } from "../helpers/screenshot";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

const ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "canary-webhooks-admin-7c1d-long" };
const SECRET = "ghwh_canaryGithubSigningSecret5b9e21";

let app: AuthpulseProcess;
let browser: Browser;
let page: Page;
let endpoint: string;
const bodies: string[] = [];

const sign = (body: string) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
const post = (url: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) => fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

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

describe("verified inbound webhooks in a real browser", () => {
  it("explains what to do first when no signing secret is stored", async () => {
    await page.goto(`${app.url}/webhooks`);
    expect(await page.getByTestId("webhooks-answer").textContent()).toContain("No inbound webhooks");
    await page.getByRole("link", { name: "Add one under Credentials" }).waitFor();
  });

  it("adds a GitHub source backed by an HMAC secret from the vault and shows its endpoint", async () => {
    await page.goto(`${app.url}/credentials/new?method=hmac`);
    await page.locator("#cred-name").fill("GitHub org webhook secret");
    await page.locator("#cred-provider").fill("GitHub");
    await page.locator("#hm-secret").fill(SECRET);
    await page.locator("#hm-scheme").selectOption("github");
    await page.getByRole("button", { name: "Store credential" }).click();
    await page.waitForURL(/\/credentials\/[^/?]+\?created=1$/);

    await page.goto(`${app.url}/webhooks`);
    await page.getByLabel("Name").fill("GitHub deploys");
    expect(await page.getByLabel("Sender's signature scheme").inputValue()).toBe("github");
    await page.getByRole("button", { name: "Add source" }).click();
    await page.getByTestId("webhook-endpoint").waitFor();
    endpoint = await page.getByTestId("webhook-endpoint").inputValue();
    expect(endpoint).toMatch(new RegExp(`^${app.url}/api/webhooks/[a-z0-9]{20,}$`));
  });

  it("answers each delivery as the sender's rules say: verified once, replay refused, forgeries refused, nothing 500", async () => {
    const body = JSON.stringify({ action: "completed", deployment: { id: 42 } });
    const good = { "x-hub-signature-256": sign(body), "x-github-delivery": "d-1" };
    expect((await post(endpoint, body, good)).status).toBe(200);
    expect((await post(endpoint, body, { ...good, "x-github-delivery": "d-2" })).status).toBe(409);
    expect((await post(endpoint, body.replace("42", "43"), good)).status).toBe(401);
    expect((await post(endpoint, body, { "x-hub-signature-256": "sha256=not-hex" })).status).toBe(400);
    expect((await post(endpoint, body, {})).status).toBe(400);
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x61);
    const tooLarge = await post(endpoint, big, { "x-hub-signature-256": sign("x") });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    expect((await post(`${app.url}/api/webhooks/cjld2cjxh0000qzrmn831i7rn`, body, good)).status).toBe(404);
    expect((await post(`${app.url}/api/webhooks/..%2F..%2Fetc`, body, good)).status).toBe(404);
  });

  it("shows what was refused and why, and records each refusal as an auth event", async () => {
    await page.goto(`${app.url}/webhooks`);
    expect(await page.getByTestId("webhooks-answer").textContent()).toMatch(/4 deliveries were refused in the last 24 hours \(GitHub deploys\); 1 verified/);
    const outcomes = await page.getByTestId("webhook-delivery").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-outcome")));
    expect(outcomes).toEqual(["missing_header", "malformed", "bad_signature", "replayed", "verified"]);
    await page.getByText("Show body").first().click();
    await page.getByText('"deployment"').waitFor();
    await saveScreenshot(page, "webhooks-desktop");

    const client = new pg.Client({ connectionString: app.embeddedDatabaseUrl() });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM auth_events WHERE source = 'webhook' AND class = 'invalid_signature'");
      expect(Number(rows[0]!.n)).toBe(4);
    } finally {
      await client.end();
    }
  });

  it("works on a phone and in dark mode", async () => {
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: "dark" })).newPage();
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(`${app.url}/webhooks`);
    await phone.getByTestId("webhook-source").waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshot(phone, "webhooks-phone-dark");
  });

  it("never sends the signing secret to the browser", () => {
    expect(bodies.length).toBeGreaterThan(3);
    for (const body of bodies) expect(body).not.toContain(SECRET);
  });
});
